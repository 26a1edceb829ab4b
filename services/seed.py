"""Demo data for a fresh database, so the app is alive before anyone adds keys.

Idempotent: each step checks what is already there. New areas add their step to
`SEED_STEPS`. Demo accounts are not seeded here: each visitor gets a fresh one
(`services.hosting.demo`), seeded by `DEMO_SEEDERS` from the demo catalog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from services.catalog.generator import seed_catalog

log = logging.getLogger(__name__)


def _catalog() -> str:
    result = seed_catalog()
    return ", ".join(f"{k}={v}" for k, v in result.items() if k != "seconds")


SEED_STEPS: list[tuple[str, Callable[[], str]]] = [
    ("demo catalog", _catalog),
]


def seed_all() -> list[str]:
    """Run every seed step; returns one line per step with what it did and how long it took."""
    lines = []
    for name, step in SEED_STEPS:
        started = time.perf_counter()
        result = step()
        lines.append(f"{name}: {result} ({time.perf_counter() - started:.1f} s)")
    return lines
