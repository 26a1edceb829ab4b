"""Every benchmark with a command line still starts (`--help`): a bench's imports break
silently when the modules it borrows from move (bench/scale.py did when the party bench
was split), and a bench is only run by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"
WITH_HELP = ["ai", "catalog", "events", "label", "label_analysis", "party", "party_player", "party_service",
             "releases", "scale", "spotify", "world_quality", "worlds"]


@pytest.mark.parametrize("name", WITH_HELP)
def test_the_bench_starts(name: str) -> None:
    run = subprocess.run([sys.executable, str(BENCH / f"{name}.py"), "--help"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage" in run.stdout.lower()
