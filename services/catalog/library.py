"""Each account's demo library: history, top items, saved tracks, playlists, follows
and fresh releases, generated from the catalog and the user id.

Deterministic per user (the same account always gets the same taste) and idempotent.
Timestamps are relative to the moment of seeding, so the history is recent and the
followed artists have releases in the last four weeks on day one.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from services.cache import Cache
from services.catalog import artwork, names
from services.catalog.generator import make_id
from services.catalog.genres import GENRE_BY_NAME, GENRES
from services.catalog.models import (
    CatalogArtist,
    CatalogMeta,
    CatalogTrack,
    DemoFollow,
    DemoLibrary,
    DemoPlay,
    DemoPlayback,
    DemoPlaylist,
    DemoPlaylistItem,
    DemoQueueItem,
    DemoSavedTrack,
    DemoTopItem,
)
from services.catalog.types import TIME_RANGES
from services.db import get_engine, session_scope, utcnow

log = logging.getLogger(__name__)

RECENT_PLAYS = 50
TOP_ITEMS = 50
SAVED_TRACKS = 120
FOLLOWED_ARTISTS = 60
PLAYLISTS = 8
CANDIDATES = 2_500
COUNTRIES = ("US", "GB", "DE", "FR", "JP", "BR", "MX", "CA", "AU", "SE", "NL", "ES")


def library_exists(user_id: int) -> bool:
    with session_scope() as db:
        return db.get(DemoLibrary, user_id) is not None


def _taste(rng: random.Random) -> dict[str, float]:
    """Genre weights: a favourite family, a few loves and some curiosity."""
    family = rng.choice(GENRES).family
    weights = {g.name: 0.05 for g in GENRES}
    for g in GENRES:
        if g.family == family:
            weights[g.name] = 1.5
    for name in rng.sample([g.name for g in GENRES], k=4):
        weights[name] += 1.0 + rng.random()
    return weights


def _weighted_sample(rng: random.Random, items: Sequence[tuple[str, float]], k: int) -> list[str]:
    """k distinct ids, likelier the heavier they weigh (Efraimidis–Spirakis)."""
    keyed = heapq.nlargest(k, ((rng.random() ** (1.0 / w), i) for i, w in items if w > 0))
    return [i for _, i in keyed]


@dataclass(frozen=True)
class _CatalogView:
    """The catalog columns a library is drawn from, read once per process: the catalog
    never changes once seeded, and reading it took most of a demo account's creation."""

    rows: list
    artist_rows: list
    duration: dict[str, int]
    artist_of: dict[str, str]
    genre_of: dict[str, str]


_views: Cache[tuple, _CatalogView] = Cache(max_entries=1)  # keyed by the catalog's seed: one catalog at a time


def _catalog_view() -> _CatalogView:
    with session_scope() as db:
        meta = db.get(CatalogMeta, "catalog")
        key = (meta.seed, meta.tracks, str(meta.seeded_at)) if meta is not None else None
        cached = _views.get(key) if key is not None else None
        if cached is not None:
            return cached
        rows = db.exec(select(CatalogTrack.id, CatalogTrack.artist_id, CatalogTrack.genre,
                              CatalogTrack.popularity, CatalogTrack.duration_ms, CatalogTrack.album_id)
                       .order_by(CatalogTrack.id)).all()
        artist_rows = db.exec(select(CatalogArtist.id, CatalogArtist.family, CatalogArtist.genres,
                                     CatalogArtist.popularity).order_by(CatalogArtist.id)).all()
    view = _CatalogView(list(rows), list(artist_rows), {r.id: r.duration_ms for r in rows},
                        {r.id: r.artist_id for r in rows}, {r.id: r.genre for r in rows})
    if key is not None and rows:
        _views.put(key, view)
    return view


def seed_demo_library(user_id: int, now: dt.datetime | None = None) -> bool:
    """Generate this account's demo library unless it exists; True when it was created now."""
    if library_exists(user_id):
        return False
    now = now or utcnow()
    rng = random.Random(f"library:{user_id}")
    taste = _taste(rng)
    cat = _catalog_view()
    rows, artist_rows = cat.rows, cat.artist_rows
    if not rows:
        raise RuntimeError("the demo catalog is empty: run seed_catalog() first")
    duration, artist_of, genre_of = cat.duration, cat.artist_of, cat.genre_of
    weight = {r.id: taste.get(r.genre, 0.05) * (r.popularity + 5) for r in rows}
    # Everything below draws from a taste-weighted pool: cheap, and a library stays coherent.
    weighted = [(t, weight[t]) for t in _weighted_sample(rng, list(weight.items()), CANDIDATES)]

    # Listening history: sessions of a few tracks, often staying with one artist.
    pool = _weighted_sample(rng, weighted, 400)
    by_artist: dict[str, list[str]] = {}
    for tid in pool:
        by_artist.setdefault(artist_of[tid], []).append(tid)
    plays: list[tuple[str, dt.datetime]] = []
    at = now - dt.timedelta(minutes=rng.randint(3, 40))
    while len(plays) < RECENT_PLAYS:
        tid = rng.choice(pool)
        run = [tid] + [t for t in by_artist[artist_of[tid]] if t != tid][: rng.randint(0, 3)]
        for t in run:
            if len(plays) < RECENT_PLAYS:
                plays.append((t, at))
                at -= dt.timedelta(milliseconds=duration[t] + rng.randint(0, 20_000))
        if rng.random() < 0.3:
            at -= dt.timedelta(hours=rng.uniform(2, 20))

    # Top tracks per range: short favours the recent, long the popular favourites.
    recent_ids = [t for t, _ in plays]
    top_tracks: dict[str, list[str]] = {}
    for time_range, boost in zip(TIME_RANGES, (6.0, 2.0, 0.5)):
        recent_weight = Counter(recent_ids)
        items = [(tid, w * (1 + boost * recent_weight.get(tid, 0))) for tid, w in weighted]
        top_tracks[time_range] = _weighted_sample(rng, items, TOP_ITEMS)

    artist_weight: Counter[str] = Counter()
    for a in artist_rows:
        artist_weight[a.id] = sum(taste.get(g, 0.05) for g in a.genres.split("|")) * (a.popularity + 5)
    top_artists: dict[str, list[str]] = {}
    for time_range in TIME_RANGES:
        score = Counter({a: w for a, w in artist_weight.items()})
        for rank, tid in enumerate(top_tracks[time_range]):
            score[artist_of[tid]] += 400 / (rank + 1)
        items = [(a, w) for a, w in score.items()]
        top_artists[time_range] = _weighted_sample(rng, items, TOP_ITEMS)

    saved = _weighted_sample(rng, weighted, SAVED_TRACKS)
    followed = list(dict.fromkeys(top_artists["long_term"][:30] + top_artists["medium_term"][:20]))
    followed += [a for a in _weighted_sample(rng, list(artist_weight.items()), FOLLOWED_ARTISTS * 2)
                 if a not in followed]
    followed = followed[:FOLLOWED_ARTISTS]

    # Fresh releases need no rows: services.catalog.fresh dates them from the followed artists.

    owner = f"demo-{user_id}"
    playlists: list[dict] = []
    items: list[dict] = []
    for p in range(PLAYLISTS):
        pid = make_id(user_id, "playlist", str(p))
        mine = p < PLAYLISTS - 1
        title = names.playlist_title(rng) if p else "Songs for the Commute"
        size = rng.randint(15, 40)
        favourite = _weighted_sample(rng, list(taste.items()), 1)[0]
        picks = _weighted_sample(rng, [(t, w * (4 if genre_of[t] == favourite else 1)) for t, w in weighted], size)
        created = now - dt.timedelta(days=rng.randint(5, 700))
        playlists.append({
            "id": pid, "user_id": user_id, "name": title if mine else "Friday Night Mix",
            "description": f"Mostly {favourite}." if mine else "Shared by a friend.",
            "public": mine and rng.random() < 0.5, "owned_by_me": mine,
            "owner_id": owner if mine else "demo-friend",
            "image_url": artwork.album_cover(rng.randrange(1 << 20), GENRE_BY_NAME[favourite].hue),
            "created_at": created, "updated_at": created,
        })
        items += [{"playlist_id": pid, "position": i, "track_id": t} for i, t in enumerate(picks)]

    try:
        with get_engine().begin() as conn:
            conn.execute(insert(DemoLibrary.__table__), [{
                "user_id": user_id, "country": rng.choice(COUNTRIES), "seeded_at": now}])
            conn.execute(insert(DemoPlay.__table__),
                         [{"user_id": user_id, "track_id": t, "played_at": at_} for t, at_ in plays])
            conn.execute(insert(DemoTopItem.__table__), [
                {"user_id": user_id, "kind": kind, "time_range": tr, "rank": rank, "item_id": item}
                for kind, table in (("track", top_tracks), ("artist", top_artists))
                for tr, ids in table.items() for rank, item in enumerate(ids)])
            conn.execute(insert(DemoSavedTrack.__table__), [
                {"user_id": user_id, "track_id": t, "added_at": now - dt.timedelta(hours=i * 31 + rng.randint(0, 30))}
                for i, t in enumerate(saved)])
            conn.execute(insert(DemoFollow.__table__), [
                {"user_id": user_id, "artist_id": a, "followed_at": now - dt.timedelta(days=i * 9 + rng.randint(0, 8))}
                for i, a in enumerate(followed)])
            conn.execute(insert(DemoPlaylist.__table__), playlists)
            conn.execute(insert(DemoPlaylistItem.__table__), items)
    except IntegrityError:
        log.info("demo library of user %s was seeded concurrently", user_id)
        return False
    log.info("demo library seeded for user %s", user_id)
    return True


def delete_demo_library(user_id: int) -> None:
    """Remove every demo-library row of this account (it is regenerated on next use)."""
    with session_scope() as db:
        pids = select(DemoPlaylist.id).where(DemoPlaylist.user_id == user_id)
        db.exec(delete(DemoPlaylistItem).where(col(DemoPlaylistItem.playlist_id).in_(pids)))
        for table in (DemoPlaylist, DemoPlay, DemoTopItem, DemoSavedTrack, DemoFollow,
                      DemoPlayback, DemoQueueItem, DemoLibrary):
            db.exec(delete(table).where(table.user_id == user_id))
