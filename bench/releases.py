"""Benchmark of the release scan: 1,000 people following 30-80 of 3,000 artists.

The fake API is in-process: every request takes 20 ms and every 50th request is
refused with 429 and `Retry-After: 1`. Artists have realistic discographies
(median ~20 entries, a long tail past 50, i.e. several pages), listed the way
Spotify lists them (album, single, compilation, appears_on; newest first in each).
Popular artists are followed by many people (Zipf-like), so follows overlap.

Prints the API calls of the shared scan against the naive one-person-at-a-time
approach of the original app (every person fetches every followed artist's
complete album list), the target bound, wall time and releases found.

    .venv/bin/python bench/releases.py [--people 1000] [--artists 3000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_TMP = Path(tempfile.mkdtemp(prefix="sbm-bench-releases-"))
os.environ["DATA_DIR"] = str(_TMP)
os.environ["APP_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", "bench-secret")
for _key in ("DB_URL", "SPOTIFY_CLIENT_ID", "SMTP_HOST"):
    os.environ.pop(_key, None)

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402

from services.accounts.models import User  # noqa: E402
from services.catalog.types import Album, Artist, Page, Track  # noqa: E402
from services.db import get_engine, session_scope  # noqa: E402
from services.models import metadata  # noqa: E402
from services.releases.fetching import TTLCache  # noqa: E402
from services.releases.models import Release  # noqa: E402
from services.releases.scan import GROUPS, PAGE, scan_people  # noqa: E402

LATENCY = 0.020
RATE_LIMIT_EVERY = 50
TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)
GROUP_ORDER = {g: i for i, g in enumerate(GROUPS)}


class RateLimitedError(Exception):
    """Shaped like spotipy's SpotifyException for a 429."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("429 API rate limit exceeded")
        self.http_status = 429
        self.headers = {"Retry-After": str(retry_after)}


class FakeAPI:
    """The remote side: latency, a 429 every 50 requests, and a request counter."""

    def __init__(self, albums: dict[str, list[Album]], names: dict[str, str], follows: dict[int, list[str]]) -> None:
        self.albums, self.names, self.follows = albums, names, follows
        self.requests = 0
        self.refused = 0
        self._lock = threading.Lock()

    def request(self) -> None:
        with self._lock:
            self.requests += 1
            refuse = self.requests % RATE_LIMIT_EVERY == 0
            self.refused += refuse
        time.sleep(LATENCY)
        if refuse:
            raise RateLimitedError(1)


class BenchSource:
    """One person's account on the fake API (the calls the scan makes)."""

    kind = "spotify"
    label = "Bench"

    def __init__(self, api: FakeAPI, user_id: int) -> None:
        self.api, self.user_id = api, user_id

    def followed_artists(self, limit: int = 20, after: str | None = None) -> Page[Artist]:
        self.api.request()
        ids = self.api.follows[self.user_id]
        start = ids.index(after) + 1 if after else 0
        chunk = ids[start:start + limit]
        more = start + limit < len(ids)
        return Page([Artist(a, self.api.names[a]) for a in chunk], len(ids), next_cursor=chunk[-1] if more else None)

    def saved_tracks(self, limit: int = 20, offset: int = 0) -> Page[Track]:
        self.api.request()
        return Page()

    def artist_albums(self, artist_id: str, include_groups=("album", "single"), limit: int = 20, offset: int = 0) -> Page[Album]:  # type: ignore[no-untyped-def]
        self.api.request()
        listing = [a for a in self.api.albums[artist_id] if a.album_group in include_groups]
        chunk = listing[offset:offset + limit]
        return Page(chunk, len(listing), next_offset=offset + limit if offset + limit < len(listing) else None)


def build_world(rng: random.Random, n_artists: int, n_people: int) -> tuple[dict[str, list[Album]], dict[str, str], dict[int, list[str]]]:
    names = {f"ar{i:05d}": f"Artist {i:05d}" for i in range(n_artists)}
    albums: dict[str, list[Album]] = {}
    for aid, name in names.items():
        size = max(1, min(400, int(rng.lognormvariate(3.0, 0.9))))
        entries: list[Album] = []
        for k in range(size):
            group = rng.choices(GROUPS, weights=(3, 4, 1, 3))[0]
            album_type = group if group != "appears_on" else rng.choice(("album", "compilation"))
            day = TODAY - dt.timedelta(days=60 + rng.randrange(6000))
            credit = (aid,) if group != "appears_on" else ("va", aid)
            credit_names = (name,) if group != "appears_on" else ("Various Artists", name)
            entries.append(Album(f"{aid}-{k}", f"{name} Record {k}", album_type, group, credit, credit_names, day,  # type: ignore[arg-type]
                                 total_tracks=1 if group == "single" else 10))
        # New music: a quarter of artists released something in the past four weeks;
        # some of it in several editions (explicit/clean, deluxe), some of it remixes.
        if rng.random() < 0.25:
            day = TODAY - dt.timedelta(days=rng.randrange(27))
            kind = rng.choices(("single", "album"), weights=(3, 1))[0]
            title = f"{name} New {kind}" + (" (Remix)" if rng.random() < 0.1 else "")
            entries.append(Album(f"{aid}-new", title, kind, kind, (aid,), (name,), day, total_tracks=1 if kind == "single" else 11))  # type: ignore[arg-type]
            if rng.random() < 0.3:
                entries.append(Album(f"{aid}-new-clean", f"{title} (Clean)", kind, kind, (aid,), (name,), day))  # type: ignore[arg-type]
            if rng.random() < 0.1:
                entries.append(Album(f"{aid}-new-dlx", f"{title} (Deluxe)", kind, kind, (aid,), (name,), day + dt.timedelta(days=1)))  # type: ignore[arg-type]
        entries.sort(key=lambda a: (GROUP_ORDER[a.album_group], -a.release_date.toordinal()))  # type: ignore[union-attr]
        albums[aid] = entries
    ids = list(names)
    weights = [1 / (rank + 10) ** 0.8 for rank in range(len(ids))]  # popular artists are followed by many
    follows: dict[int, list[str]] = {}
    for person in range(n_people):
        want = rng.randint(30, 80)
        chosen: dict[str, None] = {}
        while len(chosen) < want:
            chosen.update(dict.fromkeys(rng.choices(ids, weights=weights, k=want - len(chosen))))
        follows[person] = list(chosen)
    return albums, names, follows


def pages(n: int) -> int:
    return max(1, math.ceil(n / PAGE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--artists", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    albums, names, follows_by_index = build_world(rng, args.artists, args.people)
    metadata.create_all(get_engine())
    with session_scope() as db:
        users = [User(email=f"p{i}@bench.test", display_name=f"p{i}", password_hash="-") for i in range(args.people)]
        db.add_all(users)
        db.flush()
        user_ids = [u.id for u in users]
    follows = {uid: follows_by_index[i] for i, uid in enumerate(user_ids)}  # type: ignore[misc]
    api = FakeAPI(albums, names, follows)  # type: ignore[arg-type]

    unique = {a for fs in follows.values() for a in fs}
    follow_pages = sum(pages(len(fs)) for fs in follows.values())
    naive = follow_pages + sum(pages(len(albums[a])) for fs in follows.values() for a in fs)
    bound = sum(pages(len(albums[a])) for a in unique) + len(follows)
    mean_follows = sum(len(fs) for fs in follows.values()) / len(follows)

    started = time.perf_counter()
    counts = asyncio.run(scan_people(user_ids, source_for=lambda uid: BenchSource(api, uid),  # type: ignore[arg-type,return-value]
                                     cache=TTLCache(3600), concurrency=args.concurrency, now=NOW, publish=False))
    wall = time.perf_counter() - started
    with session_scope() as db:
        distinct = db.exec(select(func.count()).select_from(Release)).one()

    print(f"people {len(follows)}, follows per person {mean_follows:.1f} (30-80), unique artists followed {len(unique)} of {args.artists}")
    print(f"fake API: {LATENCY * 1000:.0f} ms per request, 429 (Retry-After: 1) every {RATE_LIMIT_EVERY} requests; concurrency {args.concurrency}")
    print(f"API calls made            {counts.api_calls:>8}  (incl. {counts.rate_limited} answered 429, {counts.retries} retries)")
    print(f"  of which followed pages {follow_pages:>8}")
    print(f"naive one-at-a-time calls {naive:>8}  (computed: every person fetches every followed artist's full listing; 429 retries not counted)")
    print(f"ratio naive / shared      {naive / counts.api_calls:>8.1f}x")
    artist_pages = bound - len(follows)
    print(f"target bound              {bound:>8}  (unique artists x their pages {artist_pages} + people {len(follows)}) "
          f"-> {'met' if counts.api_calls <= bound else 'NOT met'}")
    print(f"  with followed pages     {artist_pages + follow_pages:>8}  (Spotify pages followed artists by 50: "
          f"{follow_pages - len(follows)} people need a second page) -> {'met' if counts.api_calls <= artist_pages + follow_pages else 'NOT met'}")
    print(f"  album-listing calls     {counts.api_calls - follow_pages - counts.rate_limited:>8}  for {len(unique)} artists "
          f"(full listings would be {artist_pages} pages)")
    print(f"artists fetched {counts.artists_fetched}, errors {counts.errors}, people failed {counts.people_failed}")
    print(f"releases found            {counts.releases_found:>8}  feed entries ({distinct} distinct releases after edition merging)")
    print(f"wall time                 {wall:>8.1f} s  (target < 60 s) -> {'met' if wall < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
