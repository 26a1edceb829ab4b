"""What driving the host's Spotify device costs the room's ticker.

    .venv/bin/python bench/party_player.py [--rounds 300]

On a throw-away SQLite database: the per-call time of `drive_host_device` when
there is nothing to send (a demo room mid-track, the case of every tick of most
rooms; a live room in step between looks), and a full "new track" round (device
list + play through the real spotipy client against the local fake Spotify, plus
the room writes). Printed with the load average: figures from a busy machine are
upper bounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = str(Path(tempfile.mkdtemp(prefix="sbm-bench-player-")) / "data")
os.environ.pop("DB_URL", None)

from tests.contract.fake_spotify import FakeSpotify  # noqa: E402


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"p50 {statistics.median(samples) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()

    with FakeSpotify() as fake:
        os.environ.update(fake.settings_env())
        from services.config import get_settings

        get_settings.cache_clear()
        from services import party
        from services.accounts.models import User
        from services.db import get_engine, session_scope
        from services.models import metadata
        from services.party import Identity, TrackRef
        from tests.contract.fake_spotify import connect

        metadata.create_all(get_engine())

        def user(email: str) -> int:
            with session_scope() as db:
                row = User(email=email, display_name=email.split("@")[0], password_hash="-")
                db.add(row)
                db.flush()
                assert row.id is not None
                return row.id

        def room(host: int, track_id: str) -> str:
            code = party.create_room(host, "Bench").code
            t = fake.tracks[track_id]
            party.add_to_queue(code, Identity.user(host), TrackRef(track_id, t["name"], "", "", 3_600_000))
            party.advance_if_ended(code)
            return code

        demo_code = room(user("demo@example.com"), "trk001x0x00")
        live_host = user("live@example.com")
        connect(fake, live_host)
        live_code = room(live_host, "trk001x0x00")
        party.drive_host_device(live_code)  # in step from here on

        idle: dict[str, list[float]] = {"demo room, nothing to send": [], "live room in step, no look due": []}
        for _ in range(args.rounds):
            for label, code in zip(idle, (demo_code, live_code)):
                started = time.perf_counter()
                party.drive_host_device(code)
                idle[label].append(time.perf_counter() - started)
        plays: list[float] = []
        for _ in range(max(10, args.rounds // 10)):
            party.retry_device(live_code, Identity.user(live_host))  # sends the track again
            started = time.perf_counter()
            assert party.drive_host_device(live_code) == "play"
            plays.append(time.perf_counter() - started)

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 shared cores)")
    for label, samples in idle.items():
        print(f"drive_host_device, {label}: {_ms(samples)} ({len(samples)} calls)")
    print(f"drive_host_device, a play through spotipy to the local fake: {_ms(plays)} ({len(plays)} calls)")


if __name__ == "__main__":
    main()
