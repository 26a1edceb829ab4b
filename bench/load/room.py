"""A party room to load: a Pro host (rooms beyond the Free plan's 10 people) and a queue
of two tracks, the first playing. Run where the settings point at the topology's
database: `python -m bench.load.room [--rooms N]` prints one room code per line."""

from __future__ import annotations

import argparse
import time


def setup_room(name: str = "Scale party") -> str:
    from services import accounts, party
    from services.billing import set_plan_override
    from services.db import session_scope
    from services.party import Identity, TrackRef

    user, _ = accounts.sign_up(f"scale-host-{time.time_ns()}@example.com", "good pass 123", "Scale host")
    with session_scope() as db:
        set_plan_override(db, user.id, "pro")
    code = party.create_room(user.id, name).code
    host = Identity.user(user.id)
    party.add_to_queue(code, host, TrackRef("scale-1", "Playing now", "Bench", duration_ms=3_600_000))
    party.advance_if_ended(code)
    party.add_to_queue(code, host, TrackRef("scale-2", "Vote on me", "Bench", duration_ms=3_600_000))
    return code


def votes_in_database(code: str) -> int:
    """The sum of the votes on the room's queue as the database has it (the truth after a fault)."""
    from sqlalchemy import text

    from services.db import get_engine

    with get_engine().connect() as conn:
        return int(conn.execute(text(
            "SELECT COALESCE(SUM(v.value), 0) FROM party_vote v JOIN party_queue_item i ON i.id = v.item_id "
            "JOIN party_room r ON r.id = i.room_id WHERE r.code = :code"), {"code": code}).scalar() or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=1)
    args = parser.parse_args()
    for i in range(args.rooms):
        print(setup_room(f"Scale party {i + 1}"))


if __name__ == "__main__":
    main()
