"""The house rules, checked on every `make test`: layers (import-linter), module size,
repeated code (pylint's duplicate-code check) and a test for every page state.

Each rule has an allowlist of today's exceptions in areas other issues are rewriting.
The lists may only shrink: an entry that no longer breaks its rule fails the
`..._is_not_stale` test, so whoever fixes a module also takes it off the list.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
# Not code anyone edits by hand: generated migrations, installed and built things.
SKIP_DIRS = {"tests", ".venv", ".web", "node_modules", "data", "versions", "__pycache__", ".git", ".stamps"}

# Modules over 400 lines today, by the issue that splits them. Only ever remove entries.
KNOWN_OVER_400: dict[str, str] = {}

# State modules that no test under tests/state or tests/unit imports yet, by the issue
# that thins the state and adds its test. Only ever remove entries.
KNOWN_UNTESTED_STATES: dict[str, str] = {
}

# pylint R0801 (at least 6 similar lines) over services/ state/ components/ app/:
# 1 place on 2026-12-04, before the parallel issues; the target is at most 10.
MAX_DUPLICATE_PLACES = 10
DUPLICATE_DIRS = ("services", "state", "components", "app")


def python_modules() -> dict[str, int]:
    """Line counts of every hand-written Python module outside tests/, by relative path."""
    out: dict[str, int] = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS & set(rel.parts[:-1]):
            continue
        with path.open("rb") as fh:
            out[rel.as_posix()] = sum(1 for _ in fh)
    return out


def test_no_module_outside_tests_is_over_400_lines() -> None:
    too_long = {p: n for p, n in python_modules().items() if n > MAX_LINES and p not in KNOWN_OVER_400}
    assert not too_long, f"split these modules (a large page becomes a folder, one module per section): {too_long}"


def test_the_over_400_allowlist_is_not_stale() -> None:
    sizes = python_modules()
    fixed = {p: sizes.get(p, 0) for p in KNOWN_OVER_400 if sizes.get(p, 0) <= MAX_LINES}
    assert not fixed, f"now within {MAX_LINES} lines (or gone): take them off KNOWN_OVER_400: {fixed}"


def state_modules() -> set[str]:
    return {p.stem for p in (ROOT / "state").glob("*.py") if p.stem != "__init__"}


def states_imported_by_tests() -> set[str]:
    """State modules named in an import of a test under tests/state or tests/unit."""
    names = state_modules()
    found: set[str] = set()
    pattern = re.compile(r"^\s*(?:from\s+state\.(\w+)|import\s+state\.(\w+)|from\s+state\s+import\s+([\w ,()]+))", re.M)
    for folder in ("tests/state", "tests/unit"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                dotted, plain, listed = match.groups()
                found |= {dotted or plain} if (dotted or plain) else {n.strip() for n in re.split(r"[,()\s]+", listed)}
    return found & names


def test_every_state_module_has_a_test() -> None:
    missing = state_modules() - states_imported_by_tests() - set(KNOWN_UNTESTED_STATES)
    assert not missing, f"state modules no test imports (add one under tests/state/): {sorted(missing)}"


def test_the_untested_states_allowlist_is_not_stale() -> None:
    stale = set(KNOWN_UNTESTED_STATES) & (states_imported_by_tests() | (set(KNOWN_UNTESTED_STATES) - state_modules()))
    assert not stale, f"tested now (or gone): take them off KNOWN_UNTESTED_STATES: {sorted(stale)}"


def test_no_inline_scripts_in_components_or_pages() -> None:
    """The content security policy (app/edge.py) hashes the inline scripts of the built
    pages; a <script> a component adds later never runs. Use rx.call_script or an asset."""
    offenders = [str(p.relative_to(ROOT)) for folder in ("components", "app") for p in (ROOT / folder).rglob("*.py")
                 if "rx.script(" in p.read_text(encoding="utf-8")]
    assert not offenders, f"inline rx.script in {offenders}"


def test_import_layers_hold() -> None:
    """`lint-imports` with the contracts in `.importlinter`: services import no reflex,
    state, components or app; components import no services; no cycles between the
    packages of services/."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def duplicate_places(output: str) -> list[str]:
    """One entry per R0801 message: the files and line ranges pylint found similar."""
    return re.findall(r"R0801: Similar lines in \d+ files\n((?:==.*\n)+)", output)


@pytest.mark.timeout(600)
def test_repeated_code_stays_within_the_limit() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pylint", "--disable=all", "--enable=duplicate-code", "--min-similarity-lines=6",
         "--score=n", *DUPLICATE_DIRS],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode in (0, 8), proc.stdout[-3000:] + proc.stderr[-3000:]  # 8: refactor messages only
    places = duplicate_places(proc.stdout)
    assert proc.stdout.count("R0801") == len(places)
    assert len(places) <= MAX_DUPLICATE_PLACES, "repeated code, merge it:\n" + "\n".join(places)
