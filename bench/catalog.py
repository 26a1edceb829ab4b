"""Figures of the demo catalog: seed time, database size, and query latency of
DemoSource (search, top items, followed artists) at full size.

    .venv/bin/python bench/catalog.py [--runs 200]

Runs against a throw-away SQLite database; nothing touches `data/`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_DATA = Path(tempfile.mkdtemp(prefix="sbm-bench-catalog-"))
os.environ["DATA_DIR"] = str(_DATA)
for key in ("DB_URL", "SPOTIFY_CLIENT_ID"):
    os.environ.pop(key, None)

from services.accounts.models import User  # noqa: E402
from services.catalog.demo import DemoSource  # noqa: E402
from services.catalog.generator import seed_catalog  # noqa: E402
from services.catalog.library import seed_demo_library  # noqa: E402
from services.catalog.types import TIME_RANGES  # noqa: E402
from services.db import get_engine, session_scope  # noqa: E402
from services.models import metadata  # noqa: E402

QUERIES = ("midnight", "indie rock", "dreamy synths", 'genre:"deep house"', "summer nights", "river",
           "melancholic piano", "tag:acoustic year:1990-1999", "electric", "the", "aria", "zzz no match")


def timed(fn: Callable[[int], object], runs: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds over `runs` calls (after two warm-ups)."""
    fn(0), fn(1)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    metadata.create_all(get_engine())
    counts = seed_catalog()
    print(f"catalog: {counts['artists']} artists, {counts['albums']} albums, {counts['tracks']} tracks, "
          f"{counts['genres']} genres")
    print(f"seed time (generate + insert): {counts['seconds']:.2f} s")

    with session_scope() as db:
        db.add(User(id=1, email="bench@example.com", display_name="Bench", password_hash="x"))
    start = time.perf_counter()
    seed_demo_library(1)
    print(f"demo library for one account: {time.perf_counter() - start:.2f} s")
    with get_engine().connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in _DATA.glob("app.db*"))
    print(f"database size: {size / 1e6:.1f} MB")

    src = DemoSource(1)
    src.ensure_library()
    follows = src.followed_artists(limit=50)
    cursors = [None, follows.next_cursor]
    rows = [
        ("search tracks (limit 10)", lambda i: src.search(QUERIES[i % len(QUERIES)], ("track",), 10)),
        ("search tracks+artists+albums", lambda i: src.search(QUERIES[i % len(QUERIES)], ("track", "artist", "album"), 10)),
        ("search page 3 (offset 20)", lambda i: src.search(QUERIES[i % 4], ("track",), 10, 20)),
        ("top tracks (limit 50)", lambda i: src.top_tracks(TIME_RANGES[i % 3], 50)),
        ("top artists (limit 20)", lambda i: src.top_artists(TIME_RANGES[i % 3], 20)),
        ("followed artists (cursor, 20)", lambda i: src.followed_artists(20, cursors[i % 2])),
        ("recently played (50)", lambda i: src.recently_played(50)),
        ("artist albums", lambda i: src.artist_albums(follows.items[i % len(follows.items)].id)),
    ]
    print(f"\n{'query':34} {'p50 ms':>8} {'p95 ms':>8}   ({args.runs} runs each)")
    for name, fn in rows:
        p50, p95 = timed(fn, args.runs)
        print(f"{name:34} {p50:8.2f} {p95:8.2f}")


if __name__ == "__main__":
    main()
