"""Benchmark of the release scan as a development-mode Spotify app runs it.

1,000 people, each following 30-80 of 3,000 artists (popular artists followed by many,
Zipf-like), scanned for the first time through the real `SpotifySource` (spotipy over
HTTP) against the local fake Spotify in development mode: artist albums 10 a page,
every answer taking 20 ms, every 50th request answered 429 with `Retry-After: 1`.
Artists have realistic discographies (`tests/contract/release_world.py`: old catalogue,
near misses, editions, month- and year-only dates, pre-releases, appearances).

Prints requests per artist, total requests against the naive approach (every person
reading every artist they follow, the same early-stopping reads, nothing shared), 429s
and retries, wall time, feed entries, and a recall check on a sample of people.

    .venv/bin/python bench/releases.py [--people 1000] [--artists 3000] [--latency-ms 20] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="sbm-bench-releases-")
os.environ["APP_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", "bench-secret")
os.environ["SPOTIFY_APP_MODE"] = "development"
for _key in ("DB_URL", "SMTP_HOST", "REDIS_URL"):
    os.environ.pop(_key, None)

from services.accounts.models import User  # noqa: E402
from services.config import get_settings  # noqa: E402
from services.db import get_engine, session_scope, utcnow  # noqa: E402
from services.models import metadata  # noqa: E402
from services.releases import feed  # noqa: E402
from services.releases.fetching import TTLCache  # noqa: E402
from services.releases.scan import scan_people  # noqa: E402
from services.spotify import crypto  # noqa: E402
from services.spotify.models import SpotifyConnection  # noqa: E402
from tests.contract.fake_spotify import FakeSpotify  # noqa: E402
from tests.contract.release_world import populate  # noqa: E402

RATE_LIMIT_EVERY = 50


def _connect_everyone(fake: FakeSpotify, people: int, follows: list[list[str]]) -> list[int]:
    """Accounts already connected to their own (fake) Spotify account, each following its artists."""
    with session_scope() as db:
        users = [User(email=f"p{i}@bench.test", display_name=f"p{i}", password_hash="-") for i in range(people)]
        db.add_all(users)
        db.flush()
        for i, user in enumerate(users):
            spotify_id = f"bench{i}"
            tokens = fake.grant(spotify_id)
            fake.follows[spotify_id] = follows[i]
            db.add(SpotifyConnection(
                user_id=user.id, spotify_user_id=spotify_id, display_name=spotify_id, product="premium",
                access_token_enc=crypto.encrypt(tokens["access_token"]), refresh_token_enc=crypto.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + dt.timedelta(seconds=int(tokens["expires_in"])), token_lifetime_s=int(tokens["expires_in"])))
        return [u.id for u in users]  # type: ignore[misc]


def _follows(rng: random.Random, artists: list[str], people: int) -> list[list[str]]:
    weights = [1 / (rank + 10) ** 0.8 for rank in range(len(artists))]
    out = []
    for _ in range(people):
        want = rng.randint(30, 80)
        chosen: dict[str, None] = {}
        while len(chosen) < want:
            chosen.update(dict.fromkeys(rng.choices(artists, weights=weights, k=want - len(chosen))))
        out.append(list(chosen))
    return out


def _q(values: list[int], q: float) -> int:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] if values else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--artists", type=int, default=3000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    logging.getLogger("spotipy").setLevel(logging.CRITICAL)  # every 429 is expected here
    logging.getLogger("services").setLevel(logging.ERROR)

    metadata.create_all(get_engine())
    now = utcnow()
    today = now.date()
    since = today - dt.timedelta(days=28)
    rng = random.Random(args.seed)
    with FakeSpotify() as fake:
        os.environ.update(fake.settings_env())
        get_settings.cache_clear()
        setup = time.perf_counter()
        world = populate(fake, artists=args.artists, since=since, today=today, seed=args.seed)
        follows = _follows(rng, world.artists, args.people)
        user_ids = _connect_everyone(fake, args.people, follows)
        setup = time.perf_counter() - setup
        fake.latency = args.latency_ms / 1000
        fake.rate_limit_every(RATE_LIMIT_EVERY, retry_after=1)

        started = time.perf_counter()
        counts = asyncio.run(scan_people(user_ids, cache=TTLCache(3600), concurrency=args.concurrency, now=now, publish=False))
        wall = time.perf_counter() - started

        requests = fake.api_calls()
        album_requests = [r for r in requests if r.path.endswith("/albums") and r.path.startswith("/v1/artists/")]
        followed_requests = [r for r in requests if r.path.rstrip("/") == "/v1/me/following"]
        limited = sum(1 for _path, status in fake.refusals if status == 429)
        refused = [(p, s) for p, s in fake.refusals if s != 429]
        per_artist = Counter(r.path.split("/")[3] for r in album_requests)
        refused_reads = Counter(p.split("/")[3] for p, s in fake.refusals if s == 429 and p.endswith("/albums"))
        artist_cost = {a: n - refused_reads[a] for a, n in per_artist.items()}  # pages read, 429s left out
        # The same reads with nothing shared: each person reads every artist they follow.
        naive = sum(max(1, -(-len(f) // 50)) for f in follows) + sum(artist_cost.get(a, 1) for f in follows for a in f)
        sample = rng.sample(range(args.people), min(50, args.people))
        hits = misses = extras = 0
        for i in sample:
            expected = world.new_releases(set(follows[i]))
            got = {world.truth[item.album_id].key for week in feed.weekly_feed(user_ids[i], today=today) for item in week.items}
            hits, misses, extras = hits + len(expected & got), misses + len(expected - got), extras + len(got - expected)

    costs = list(artist_cost.values())
    unique = len({a for f in follows for a in f})
    print(f"people {args.people}, follows per person {statistics.mean(len(f) for f in follows):.1f} (30-80), "
          f"unique artists followed {unique} of {args.artists}; {sum(len(r.editions) for r in {id(r): r for r in world.truth.values()}.values())} albums")
    print(f"fake Spotify, development mode: 10 albums a page, {args.latency_ms:.0f} ms per answer, 429 (Retry-After: 1) "
          f"every {RATE_LIMIT_EVERY} requests; scan concurrency {args.concurrency}; set-up {setup:.1f} s (not timed below)")
    print(f"requests per artist        mean {statistics.mean(costs):.2f}  p50 {_q(costs, 0.5)}  p95 {_q(costs, 0.95)}  "
          f"max {max(costs)}  ({sum(1 for c in costs if c <= 2) / len(costs):.0%} of artists in one or two)")
    print(f"API requests               {len(requests):>7}  ({len(album_requests)} album pages, {len(followed_requests)} followed pages, "
          f"{limited} answered 429, {counts.retries} retries)")
    print(f"naive per-person requests  {naive:>7}  (each person reads each artist they follow; nothing shared; 429s not counted)")
    print(f"naive / shared             {naive / (len(requests) - limited):>7.1f}x  (requests answered, 429s left out of both)")
    print(f"refused other than 429     {len(refused):>7}  (no page too large, no removed endpoint)")
    print(f"scan errors                {counts.errors:>7}  ({counts.artists_failed} artists, {counts.people_failed} people)")
    print(f"feed entries               {counts.releases_found:>7}")
    print(f"recall on {len(sample)} people        {hits / max(1, hits + misses):>7.1%}  ({misses} missed, {extras} extra)")
    bound = len(requests) * args.latency_ms / 1000 / args.concurrency
    waits = limited * 1.0 / args.concurrency
    print(f"wall time                  {wall:>7.1f} s  ({len(requests) / wall:.0f} requests/s); latency alone would take "
          f"{bound:.1f} s and the 429 waits about {waits:.1f} s at this concurrency: {wall / (bound + waits):.1f}x that "
          f"(the rest is CPU: spotipy, the fake and the database sharing this machine's cores)")


if __name__ == "__main__":
    main()
