"""Figures of the party service layer without browsers: how long a vote takes alone
and with 50 voters at once, and how long the room view takes for a full room.

    .venv/bin/python bench/party_service.py [--voters 50] [--db sqlite|postgres|both]

SQLite runs on a throw-away file; PostgreSQL (127.0.0.1:5432, database `test`,
user `postgres`) in a throw-away schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="sbm-bench-party-")
os.environ.pop("DB_URL", None)

from sqlalchemy import text  # noqa: E402

from services import party  # noqa: E402
from services.accounts.models import User  # noqa: E402
from services.billing import set_plan_override  # noqa: E402
from services.config import get_settings  # noqa: E402
from services.db import get_engine, make_engine, session_scope  # noqa: E402
from services.models import metadata  # noqa: E402
from services.party import Identity, TrackRef  # noqa: E402

PG_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 0.5) * 1000:6.1f} ms  p95 {pct(values, 0.95) * 1000:6.1f} ms"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(label: str, voters: int) -> None:
    with session_scope() as db:
        user = User(email=f"host{secrets.token_hex(3)}@example.com", display_name="Host", password_hash="x")
        db.add(user)
        db.flush()
        host = Identity.user(user.id or 0)
        set_plan_override(db, user.id or 0, "pro")  # more people than the Free plan's room size
    code = party.create_room(host.user_id or 0, "Bench").code
    people = []
    join_times = []
    for i in range(voters):
        who = party.new_guest()
        join_times.append(timed(lambda who=who, i=i: party.join_room(code, who, f"Guest {i}")))
        people.append(who)
    items = [party.add_to_queue(code, host, TrackRef(f"t{n}", f"Song {n}", duration_ms=180_000)) for n in range(50)]
    for n in range(100):
        party.post_message(code, people[n % voters], f"message {n}")

    alone = [timed(lambda n=n: party.vote(code, people[0], items[n % 50], 1 if n % 2 else -1)) for n in range(100)]

    barrier = threading.Barrier(voters)
    latencies: list[float] = []

    def voter(who: Identity) -> None:
        barrier.wait()
        latencies.append(timed(lambda: party.vote(code, who, items[1], 1)))

    threads = [threading.Thread(target=voter, args=(who,)) for who in people]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    counted = next(q for q in party.room_snapshot(code).queue if q.id == items[1]).up
    assert counted == voters, f"lost votes: {counted} of {voters}"

    views = [timed(lambda: party.room_view(code, people[3])) for _ in range(30)]
    snaps = [timed(lambda: party.room_snapshot(code)) for _ in range(30)]
    mine = [timed(lambda: party.viewer_state(code, people[3])) for _ in range(30)]
    print(f"[{label}] room: {voters} members, 50 queued, 100 chat lines")
    print(f"  join                      {ms(join_times)}")
    print(f"  vote, one at a time       {ms(alone)}")
    print(f"  {voters} votes at once        wall {wall * 1000:6.1f} ms  ({voters / wall:5.0f} votes/s)  per vote {ms(latencies)}  counted {counted}/{voters}")
    print(f"  room_view (all)           {ms(views)}")
    print(f"  room_snapshot (shared)    {ms(snaps)}")
    print(f"  viewer_state (private)    {ms(mine)}")


def use_sqlite() -> None:
    metadata.create_all(get_engine())


def use_postgres() -> Callable[[], None] | None:
    try:
        admin = make_engine(PG_URL + "?connect_timeout=2")
        with admin.begin() as conn:
            schema = f"party_bench_{secrets.token_hex(4)}"
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        print(f"[postgres] skipped: {type(exc).__name__}")
        return None
    os.environ["DB_URL"] = f"{PG_URL}?options=-csearch_path%3D{schema}"
    get_settings.cache_clear()
    get_engine.cache_clear()
    metadata.create_all(get_engine())

    def drop() -> None:
        get_engine().dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        use_sqlite()
        run("sqlite", args.voters)
    if args.db in ("postgres", "both"):
        drop = use_postgres()
        if drop is not None:
            try:
                run("postgres", args.voters)
            finally:
                drop()


if __name__ == "__main__":
    main()
