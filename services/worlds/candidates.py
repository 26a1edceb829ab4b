"""Harvesting candidates for a world: a few hundred tracks near the seeds, before any filtering.

Demo catalog: tracks inside every asked band (closest to the seeds' sound first),
tracks of the genres the person named, the seeds' audio-feature neighbourhood, tracks
that share the answers' words, and the catalogues of artists in the seeds' genres and
the genres next to them (same family); avoided genres are kept out of every query.
Live Spotify: search by the named genres, the seeds' genres (genres come from each
artist), the answers' words and the seed artists, followed artists' albums, and the
other tracks of the seed playlists.

Every route is capped so one noisy route cannot crowd out the others; the result is
de-duplicated, in the order found.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, true
from sqlmodel import col, select

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Track
from services.worlds.intent import WorldIntent
from services.worlds.taxonomy import family_of

log = logging.getLogger(__name__)

MIN_CANDIDATES = 500
MAX_CANDIDATES = 1500
SEARCH_PAGE = 10  # Spotify's search allows 10 per page in 2026; the demo accepts the same


@dataclass(slots=True)
class Harvest:
    """Candidates in the order found, and how many each route brought (for the page and tests)."""

    tracks: list[Track] = field(default_factory=list)
    routes: dict[str, int] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    def add(self, route: str, tracks: Iterable[Track], cap: int | None = None) -> int:
        added = 0
        for t in tracks:
            if len(self.tracks) >= MAX_CANDIDATES or (cap is not None and added >= cap):
                break
            if not t.id or t.id in self._seen:
                continue
            self._seen.add(t.id)
            self.tracks.append(t)
            added += 1
        self.routes[route] = self.routes.get(route, 0) + added
        return added

    @property
    def full(self) -> bool:
        return len(self.tracks) >= MAX_CANDIDATES

    def __len__(self) -> int:
        return len(self.tracks)


def _seed_genres(seeds: Sequence[Track]) -> list[str]:
    counts: dict[str, int] = {}
    for t in seeds:
        for g in t.genres:
            g = g.strip().lower()
            if g:
                counts[g] = counts.get(g, 0) + 1
    return [g for g, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


def harvest(
    source: MusicSource,
    seeds: Sequence[Track],
    *,
    intent: WorldIntent | None = None,
    keywords: Sequence[str] = (),
    seed_playlist_ids: Sequence[str] = (),
    extra_ids: Sequence[str] = (),
    minimum: int = MIN_CANDIDATES,
) -> Harvest:
    """At least `minimum` candidate tracks (when the source has them) around the seeds and the answers.

    `intent` adds tracks inside the asked bands and of the named families, and keeps
    avoided genres out of the searches; `extra_ids` are tracks that must be among the
    candidates (a refresh's current tracks, so continuity can keep them).
    """
    intent = intent or WorldIntent()
    words = list(dict.fromkeys([*keywords, *intent.tags[:4], *(g.text for g in intent.genres[:3])]))
    if source.kind == "demo":
        return _harvest_demo(source, seeds, intent, words, extra_ids, minimum)
    return _harvest_live(source, seeds, intent, words, seed_playlist_ids, minimum)


def avoided_catalog_genres(intent: WorldIntent) -> list[str]:
    """The demo catalog's genres an avoid rule covers."""
    from services.catalog.genres import GENRES

    rules = [r.genre for r in intent.rules if r.kind == "genre" and r.genre is not None]
    return [g.name for g in GENRES if any(m.covers(g.name) for m in rules)]


def wanted_catalog_genres(intent: WorldIntent) -> list[str]:
    from services.catalog.genres import GENRES

    out = [g.name for g in GENRES if family_of(g.name) in intent.families or any(m.covers(g.name) for m in intent.genres)]
    avoided = set(avoided_catalog_genres(intent))
    return [g for g in out if g not in avoided]


# -- demo -------------------------------------------------------------------------------------
def _harvest_demo(
    source: MusicSource, seeds: Sequence[Track], intent: WorldIntent, keywords: Sequence[str],
    extra_ids: Sequence[str], minimum: int
) -> Harvest:
    from services.catalog.genres import GENRE_BY_NAME, genres_in_family
    from services.catalog.models import CatalogTrack
    from services.db import session_scope

    ensure = getattr(source, "ensure_library", None)
    if ensure:
        ensure()
    out = Harvest()
    seed_ids = [t.id for t in seeds]
    avoided = avoided_catalog_genres(intent)
    genres = [g for g in _seed_genres(seeds) if g not in avoided]
    families = list(dict.fromkeys(GENRE_BY_NAME[g].family for g in genres if g in GENRE_BY_NAME))
    adjacent = [p.name for f in families for p in genres_in_family(f) if p.name not in genres and p.name not in avoided]
    wanted = wanted_catalog_genres(intent)
    feats = [f for f in source.audio_features(seed_ids).values() if f is not None]
    keep_out = col(CatalogTrack.genre).not_in(avoided) if avoided else true()

    def load(ids: Sequence[str]) -> list[Track]:
        loader = getattr(source, "_tracks_by_id", None)
        if loader is None:
            return []
        with session_scope() as db:
            return loader(db, list(ids))

    with session_scope() as db:
        neighbourhood: list[str] = []
        in_band: list[str] = []
        distance = None
        if feats:
            n = len(feats)
            centre = {k: sum(getattr(f, k) for f in feats) / n for k in ("energy", "valence", "acousticness", "danceability")}
            distance = sum(
                func.abs(getattr(CatalogTrack, k) - v) for k, v in centre.items()
            )
            neighbourhood = list(
                db.exec(select(CatalogTrack.id).where(keep_out).order_by(distance, CatalogTrack.id).limit(450)).all()
            )
        if intent.bands:  # inside every asked band, closest to the seeds' sound first
            inside = [getattr(CatalogTrack, s).between(lo, hi) for s, (lo, hi) in intent.bands.items()]
            query = select(CatalogTrack.id).where(keep_out, *inside)
            if wanted:
                query = query.order_by(col(CatalogTrack.genre).in_(wanted).desc())
            order = [distance] if distance is not None else [col(CatalogTrack.popularity).desc()]
            in_band = list(db.exec(query.order_by(*order, CatalogTrack.id).limit(600)).all())
        named = list(
            db.exec(
                select(CatalogTrack.id).where(col(CatalogTrack.genre).in_(wanted))
                .order_by(col(CatalogTrack.popularity).desc(), CatalogTrack.id).limit(400)
            ).all()
        ) if wanted else []
        seed_artists = list(dict.fromkeys(a for t in seeds for a in t.artist_ids))
        own = list(
            db.exec(
                select(CatalogTrack.id).where(col(CatalogTrack.artist_id).in_(seed_artists), keep_out)
                .order_by(col(CatalogTrack.popularity).desc()).limit(200)
            ).all()
        ) if seed_artists else []
        same = list(
            db.exec(
                select(CatalogTrack.id).where(col(CatalogTrack.genre).in_(genres))
                .order_by(col(CatalogTrack.popularity).desc(), CatalogTrack.id).limit(500)
            ).all()
        ) if genres else []
        near = list(
            db.exec(
                select(CatalogTrack.id).where(col(CatalogTrack.genre).in_(adjacent))
                .order_by(col(CatalogTrack.popularity).desc(), CatalogTrack.id).limit(300)
            ).all()
        ) if adjacent else []
    out.add("kept", load(extra_ids))
    out.add("inside your answers", load(in_band), cap=600)
    out.add("named genres", load(named), cap=400)
    out.add("features", load(neighbourhood), cap=450)
    for word in keywords[:6]:
        try:
            found = source.search(word, ("track",), limit=50).tracks.items
        except (SourceError, ValueError):
            continue
        out.add("keywords", found, cap=50)
    out.add("seed artists", load(own), cap=200)
    out.add("same genres", load(same), cap=500)
    out.add("adjacent genres", load(near), cap=300)
    if len(out) < minimum:  # a tiny or unusual seed set: widen to the most popular catalogue
        with session_scope() as db:
            more = list(db.exec(select(CatalogTrack.id).where(keep_out)
                                .order_by(col(CatalogTrack.popularity).desc()).limit(minimum * 2)).all())
        out.add("popular", load(more), cap=minimum * 2)
    if len(out) < minimum // 4 and avoided:  # the avoid list excludes nearly everything: the rules relax later
        with session_scope() as db:
            any_genre = list(db.exec(select(CatalogTrack.id).order_by(col(CatalogTrack.popularity).desc())
                                     .limit(minimum)).all())
        out.add("popular, any genre", load(any_genre), cap=minimum)
    return out


# -- live -------------------------------------------------------------------------------------
def _search_tracks(source: MusicSource, query: str, pages: int) -> list[Track]:
    found: list[Track] = []
    for page in range(pages):
        try:
            result = source.search(query, ("track",), limit=SEARCH_PAGE, offset=page * SEARCH_PAGE)
        except (SourceError, ValueError) as exc:
            log.info("candidate search %r stopped: %s", query, exc)
            break
        items = result.tracks.items
        found += items
        if not result.tracks.has_more or len(items) < SEARCH_PAGE:
            break
    return found


def _harvest_live(
    source: MusicSource, seeds: Sequence[Track], intent: WorldIntent, keywords: Sequence[str],
    seed_playlist_ids: Sequence[str], minimum: int
) -> Harvest:
    out = Harvest()
    avoided = [r.genre for r in intent.rules if r.kind == "genre" and r.genre is not None]
    for pid in seed_playlist_ids[:5]:
        try:
            out.add("seed playlists", source.playlist_items(pid, limit=50).items, cap=100)
        except SourceError:
            continue
    for genre in [g.text for g in intent.genres[:3]] + [f for f in intent.families[:3]]:
        out.add("named genres", _search_tracks(source, f'genre:"{genre}"', 5), cap=50)
    for genre in [g for g in _seed_genres(seeds) if not any(m.covers(g) for m in avoided)][:6]:
        out.add("genres", _search_tracks(source, f'genre:"{genre}"', 5), cap=50)
    for word in keywords[:6]:
        out.add("keywords", _search_tracks(source, word, 3), cap=30)
    artists = list(dict.fromkeys(n for t in seeds for n in t.artist_names[:1]))
    for name in artists[:10]:
        out.add("seed artists", _search_tracks(source, f'artist:"{name}"', 2), cap=20)
    try:
        followed = source.followed_artists(limit=50).items
    except SourceError:
        followed = []
    for artist in followed:
        if len(out) >= minimum or out.full:
            break
        try:
            albums = source.artist_albums(artist.id, limit=3).items
        except SourceError:
            continue
        for album in albums[:2]:
            try:
                out.add("followed artists", source.album_tracks(album.id), cap=15)
            except SourceError:
                continue
    return out
