"""Demo data for a fresh database, so the app is alive before anyone adds keys.

Idempotent: each step checks what is already there. New areas add their step to
`SEED_STEPS`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from services.accounts import ensure_demo_user
from services.catalog.generator import seed_catalog
from services.catalog.library import seed_demo_library

log = logging.getLogger(__name__)


def _demo_account() -> str:
    user = ensure_demo_user()
    return f"demo account #{user.id}"


def _catalog() -> str:
    result = seed_catalog()
    return ", ".join(f"{k}={v}" for k, v in result.items() if k != "seconds")


def _demo_library() -> str:
    user = ensure_demo_user()
    seed_demo_library(user.id)
    return f"library of demo account #{user.id}"


SEED_STEPS: list[tuple[str, Callable[[], str]]] = [
    ("demo account", _demo_account),
    ("demo catalog", _catalog),
    ("demo library", _demo_library),
]


def seed_all() -> list[str]:
    """Run every seed step; returns one line per step with what it did and how long it took."""
    lines = []
    for name, step in SEED_STEPS:
        started = time.perf_counter()
        result = step()
        lines.append(f"{name}: {result} ({time.perf_counter() - started:.1f} s)")
    return lines
