"""The hosted demo's cost per visitor: time to create a seeded demo account, the
database growth per demo account, and the time to delete one.

    .venv/bin/python bench/demo.py [ACCOUNTS]

Runs against a fresh SQLite database in a temporary folder (the full demo catalog
is seeded first, as `python -m app.cli setup` does).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="sbm-bench-demo-"))
os.environ["DATA_DIR"] = str(_tmp / "data")
os.environ.setdefault("APP_ENV", "test")
os.environ["RATE_DEMO_PER_HOUR"] = "0"  # the bench is one address creating many accounts
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from services.db import get_engine  # noqa: E402
from services.hosting.cleanup import delete_account  # noqa: E402
from services.hosting.demo import create_demo_account  # noqa: E402
from services.migrations import upgrade_to_head  # noqa: E402
from services.seed import seed_all  # noqa: E402


def db_bytes() -> int:
    """Pages in use (file size minus free pages), after a WAL checkpoint."""
    with get_engine().begin() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
        free = conn.execute(text("PRAGMA freelist_count")).scalar_one()
        size = conn.execute(text("PRAGMA page_size")).scalar_one()
    return int((pages - free) * size)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    upgrade_to_head()
    started = time.perf_counter()
    seed_all()
    print(f"setup (migrations + demo catalog): {time.perf_counter() - started:.1f} s")
    base = db_bytes()
    times, ids = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        user, _token = create_demo_account()
        times.append(time.perf_counter() - t0)
        ids.append(user.id)
    grown = db_bytes() - base
    times_sorted = sorted(times)
    print(f"demo accounts created: {n}")
    print(f"create a demo account: median {statistics.median(times):.2f} s, "
          f"p90 {times_sorted[int(0.9 * (n - 1))]:.2f} s, max {max(times):.2f} s")
    print(f"database per demo account: {grown / n / 1024:.0f} KB (catalog alone {base / 1024 / 1024:.1f} MB)")
    t0 = time.perf_counter()
    for uid in ids:
        delete_account(uid)
    print(f"delete a demo account: {(time.perf_counter() - t0) / n * 1000:.0f} ms each")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared)")


if __name__ == "__main__":
    main()
