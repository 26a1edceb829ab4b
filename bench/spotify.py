"""Figures of the Spotify connection against the local fake Spotify: Connect time,
the cost of a first (uncached) SpotifySource call through spotipy, the cost of a
cached answer, and a full "dashboard load" (profile, top artists, recent, playlists)
cold and warm.

    .venv/bin/python bench/spotify.py [--rounds 50]

Runs against a throw-away SQLite database and a fake server on 127.0.0.1; no network.
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
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="sbm-bench-spotify-")
os.environ.setdefault("SECRET_KEY", "bench-secret")
os.environ.pop("DB_URL", None)

from services.config import get_settings  # noqa: E402
from services.db import get_engine  # noqa: E402
from services.models import metadata  # noqa: E402
from services.spotify import cache  # noqa: E402
from services.spotify.source import SpotifySource  # noqa: E402
from tests.contract.fake_spotify import FakeSpotify, connect, make_user  # noqa: E402


def _ms(samples: list[float]) -> str:
    qs = statistics.quantiles(samples, n=20) if len(samples) > 1 else samples * 19
    return f"p50 {statistics.median(samples) * 1000:7.2f} ms   p95 {qs[18] * 1000:7.2f} ms"


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    metadata.create_all(get_engine())
    with FakeSpotify() as fake:
        os.environ.update(fake.settings_env())
        get_settings.cache_clear()
        connects, cold, warm, page_cold, page_warm = [], [], [], [], []
        for i in range(rounds):
            user = make_user(f"bench{i}@example.com")
            connects.append(_time(lambda: connect(fake, user)))
            src = SpotifySource(user)
            cold.append(_time(lambda: src.artist(f"art{i % 40:03d}")))
            warm.append(_time(lambda: src.artist(f"art{i % 40:03d}")))

            def dashboard() -> None:
                s = SpotifySource(user)
                s.profile()
                s.top_artists("short_term", limit=10)
                s.recently_played(20)
                s.playlists()

            cache.invalidate(user, "me:")
            page_cold.append(_time(dashboard))
            page_warm.append(_time(dashboard))
        print(f"rounds                         {rounds}")
        print(f"connect (PKCE + token + /me)   {_ms(connects)}")
        print(f"artist(), uncached             {_ms(cold)}")
        print(f"artist(), cached               {_ms(warm)}")
        print(f"dashboard load, cold (4 calls) {_ms(page_cold)}")
        print(f"dashboard load, warm           {_ms(page_warm)}")
        print(f"API requests made              {len(fake.api_calls())}")


if __name__ == "__main__":
    main()
