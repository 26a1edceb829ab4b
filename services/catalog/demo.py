"""`DemoSource`: the offline `MusicSource`, answering from the demo catalog and the
account's demo library with plain SQL, and playing music on a simulated clock
(`demo_player`). Pass `clock=` to drive time in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from services.accounts.models import User
from services.catalog import artwork, search_index
from services.catalog.generator import ensure_catalog
from services.catalog.demo_player import DemoPlayer
from services.catalog.demo_playlists import DemoPlaylistWrites
from services.catalog.demo_query import field_conds, parse_query, word_conds
from services.catalog.fresh import listener_release_dates
from services.catalog.library import seed_demo_library
from services.catalog.models import (
    CatalogAlbum,
    CatalogArtist,
    CatalogTrack,
    DemoFollow,
    DemoLibrary,
    DemoPlay,
    DemoPlaylist,
    DemoPlaylistItem,
    DemoSavedTrack,
    DemoTopItem,
)
from services.catalog.source import SearchType, SourceError
from services.catalog.types import (
    TIME_RANGES,
    Album,
    Artist,
    AudioFeatures,
    Page,
    PlayedTrack,
    Playlist,
    Profile,
    SearchResult,
    TimeRange,
    Track,
)
from services.db import as_utc, get_engine, session_scope, utcnow

MAX_LIMIT = 50  # items a page returns when asked for one page (`limit=None`), and a search's most
MAX_ITEMS = 10_000  # a list asked for by count: one query serves it (Spotify's adapter pages instead)


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


def _limit(limit: int | None, top: int = MAX_ITEMS) -> int:
    """How many items to return: None means one page of `MAX_LIMIT` (as a source pages)."""
    if limit is None:
        return MAX_LIMIT
    if limit < 1 or limit > top:
        raise ValueError(f"limit must be between 1 and {top}")
    return limit


def _page(items: list[Any], total: int, offset: int, limit: int | None) -> Page[Any]:
    limit = _limit(limit)
    more = offset + limit < total
    return Page(items=items, total=total, next_offset=offset + limit if more else None)


class DemoSource(DemoPlaylistWrites, DemoPlayer):
    """The demo catalog and this account's demo library, behind the `MusicSource` interface."""

    kind = "demo"
    label = "Demo catalog"

    def __init__(self, user_id: int, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.user_id = user_id
        self.clock = clock
        self._ready = False
        self._redated: dict[str, dt.date] | None = None

    # ----------------------------------------------------------------- plumbing
    def ensure_library(self) -> None:
        """Seed the catalog and this account's library on first use (no-ops afterwards)."""
        if not self._ready:
            ensure_catalog()
            seed_demo_library(self.user_id, now=self.clock())
            self._ready = True

    def _dates(self, db: Session) -> dict[str, dt.date]:
        """The followed artists' latest albums dated into the last weeks on a rolling schedule
        (`services.catalog.fresh`), so the release feed has new releases on any day."""
        if self._redated is None:
            self._redated = listener_release_dates(db, self.user_id, self.clock().date())
        return self._redated

    def _artist(self, row: CatalogArtist) -> Artist:
        return Artist(id=row.id, name=row.name, genres=_split(row.genres), popularity=row.popularity,
                      followers=row.followers, image_url=row.image_url)

    def _album(self, row: CatalogAlbum, dates: dict[str, dt.date]) -> Album:
        return Album(
            id=row.id, name=row.name, album_type=row.album_type,  # type: ignore[arg-type]
            album_group=row.album_type, artist_ids=_split(row.artist_ids),
            artist_names=_split(row.artist_names), release_date=dates.get(row.id, row.release_date),
            release_date_precision="day" if row.id in dates else row.release_date_precision,
            total_tracks=row.total_tracks, image_url=row.image_url, label=row.label,
            markets=_split(row.markets), explicit=row.explicit,
        )

    def _track(self, row: CatalogTrack, album: CatalogAlbum, dates: dict[str, dt.date]) -> Track:
        return Track(
            id=row.id, name=row.name, artist_ids=_split(row.artist_ids), artist_names=_split(row.artist_names),
            album_id=row.album_id, album_name=album.name, album_type=album.album_type,
            duration_ms=row.duration_ms, release_date=dates.get(row.album_id, row.release_date),
            popularity=row.popularity, explicit=row.explicit, image_url=album.image_url, preview_url=None,
            genres=_split(row.genres), tags=_split(row.tags), uri=f"demo:track:{row.id}",
        )

    def _track_query(self):  # type: ignore[no-untyped-def]
        return select(CatalogTrack, CatalogAlbum).join(CatalogAlbum, CatalogAlbum.id == CatalogTrack.album_id)

    def _tracks_by_id(self, db: Session, ids: Sequence[str]) -> list[Track]:
        """Tracks in the order of `ids`; unknown ids are skipped."""
        if not ids:
            return []
        dates = self._dates(db)
        found = {t.id: self._track(t, a, dates)
                 for t, a in db.exec(self._track_query().where(col(CatalogTrack.id).in_(list(ids)))).all()}
        return [found[i] for i in ids if i in found]

    def _artists_by_id(self, db: Session, ids: Sequence[str]) -> list[Artist]:
        if not ids:
            return []
        found = {a.id: self._artist(a) for a in db.exec(select(CatalogArtist).where(col(CatalogArtist.id).in_(list(ids)))).all()}
        return [found[i] for i in ids if i in found]

    def _own_playlist(self, db: Session, playlist_id: str, write: bool = False) -> DemoPlaylist:
        row = db.get(DemoPlaylist, playlist_id)
        if row is None or row.user_id != self.user_id:
            raise SourceError("That playlist does not exist.")
        if write and not row.owned_by_me:
            raise SourceError("Only the owner can change this playlist.")
        return row

    # ----------------------------------------------------------------- the listener
    def profile(self) -> Profile:
        self.ensure_library()
        with session_scope() as db:
            user = db.get(User, self.user_id)
            lib = db.get(DemoLibrary, self.user_id)
        if user is None:
            raise SourceError("Unknown account.")
        return Profile(id=f"demo-{self.user_id}", display_name=user.display_name, email=user.email,
                       country=lib.country if lib else "US", product="premium",
                       image_url=artwork.artist_portrait(self.user_id, 200, user.display_name))

    def recently_played(self, limit: int = 50) -> list[PlayedTrack]:
        self.ensure_library()
        with session_scope() as db:
            plays = db.exec(select(DemoPlay).where(DemoPlay.user_id == self.user_id)
                            .order_by(col(DemoPlay.played_at).desc(), col(DemoPlay.id).desc()).limit(_limit(limit))).all()
            tracks = {t.id: t for t in self._tracks_by_id(db, list(dict.fromkeys(p.track_id for p in plays)))}
        return [PlayedTrack(track=tracks[p.track_id], played_at=as_utc(p.played_at))  # type: ignore[arg-type]
                for p in plays if p.track_id in tracks]

    def _top(self, kind: str, time_range: str, limit: int | None, offset: int) -> tuple[list[str], int]:
        if time_range not in TIME_RANGES:
            raise ValueError(f"time_range must be one of {TIME_RANGES}")
        self.ensure_library()
        where = (DemoTopItem.user_id == self.user_id, DemoTopItem.kind == kind, DemoTopItem.time_range == time_range)
        with session_scope() as db:
            total = db.exec(select(func.count()).select_from(DemoTopItem).where(*where)).one()
            ids = db.exec(select(DemoTopItem.item_id).where(*where).order_by(DemoTopItem.rank)
                          .offset(offset).limit(_limit(limit))).all()
        return list(ids), total

    def top_tracks(self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0) -> Page[Track]:
        ids, total = self._top("track", time_range, limit, offset)
        with session_scope() as db:
            return _page(self._tracks_by_id(db, ids), total, offset, limit)

    def top_artists(self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0) -> Page[Artist]:
        ids, total = self._top("artist", time_range, limit, offset)
        with session_scope() as db:
            return _page(self._artists_by_id(db, ids), total, offset, limit)

    def saved_tracks(self, limit: int | None = 20, offset: int = 0) -> Page[Track]:
        self.ensure_library()
        where = DemoSavedTrack.user_id == self.user_id
        with session_scope() as db:
            total = db.exec(select(func.count()).select_from(DemoSavedTrack).where(where)).one()
            ids = db.exec(select(DemoSavedTrack.track_id).where(where)
                          .order_by(col(DemoSavedTrack.added_at).desc(), DemoSavedTrack.track_id)
                          .offset(offset).limit(_limit(limit))).all()
            return _page(self._tracks_by_id(db, list(ids)), total, offset, limit)

    def _playlist(self, row: DemoPlaylist, count: int) -> Playlist:
        return Playlist(id=row.id, name=row.name, description=row.description, owner_id=row.owner_id,
                        image_url=row.image_url, track_count=count, public=row.public, owned_by_me=row.owned_by_me)

    def playlists(self, limit: int | None = 20, offset: int = 0) -> Page[Playlist]:
        self.ensure_library()
        where = DemoPlaylist.user_id == self.user_id
        counts = (select(DemoPlaylistItem.playlist_id, func.count().label("n"))
                  .group_by(DemoPlaylistItem.playlist_id).subquery())
        with session_scope() as db:
            total = db.exec(select(func.count()).select_from(DemoPlaylist).where(where)).one()
            rows = db.exec(select(DemoPlaylist, func.coalesce(counts.c.n, 0))
                           .outerjoin(counts, counts.c.playlist_id == DemoPlaylist.id).where(where)
                           .order_by(col(DemoPlaylist.created_at).desc(), DemoPlaylist.id)
                           .offset(offset).limit(_limit(limit))).all()
        return _page([self._playlist(p, n) for p, n in rows], total, offset, limit)

    def playlist_items(self, playlist_id: str, limit: int | None = 50, offset: int = 0) -> Page[Track]:
        self.ensure_library()
        where = DemoPlaylistItem.playlist_id == playlist_id
        with session_scope() as db:
            self._own_playlist(db, playlist_id)
            total = db.exec(select(func.count()).select_from(DemoPlaylistItem).where(where)).one()
            ids = db.exec(select(DemoPlaylistItem.track_id).where(where).order_by(DemoPlaylistItem.position)
                          .offset(offset).limit(_limit(limit))).all()
            return _page(self._tracks_by_id(db, list(ids)), total, offset, limit)

    def followed_artists(self, limit: int | None = 20, after: str | None = None) -> Page[Artist]:
        """Cursor paging by artist id, as Spotify's `/me/following` does."""
        limit = _limit(limit)
        self.ensure_library()
        with session_scope() as db:
            total = db.exec(select(func.count()).select_from(DemoFollow).where(DemoFollow.user_id == self.user_id)).one()
            query = (select(CatalogArtist).join(DemoFollow, DemoFollow.artist_id == CatalogArtist.id)
                     .where(DemoFollow.user_id == self.user_id))
            if after:
                query = query.where(CatalogArtist.id > after)
            rows = db.exec(query.order_by(CatalogArtist.id).limit(_limit(limit) + 1)).all()
        items = [self._artist(r) for r in rows[:limit]]
        cursor = items[-1].id if len(rows) > limit else None
        return Page(items=items, total=total, next_cursor=cursor)

    # ----------------------------------------------------------------- the catalog
    def search(self, query: str, types: Sequence[SearchType] = ("track",), limit: int = 10,
               offset: int = 0) -> SearchResult:
        """All words must match (names, genres, tags; as word prefixes on SQLite); most popular first."""
        _limit(limit, MAX_LIMIT)
        if offset < 0:
            raise ValueError("offset must not be negative")
        words, fields = parse_query(query)
        if not words and not fields:
            return SearchResult()
        result: dict[str, Page[Any]] = {}
        fts = search_index.available(get_engine())
        with session_scope() as db:
            dates = self._dates(db)
            if "track" in types:
                conds = word_conds("track", CatalogTrack.seq, CatalogTrack.search_text, words, fts)
                conds += field_conds(fields, dates, CatalogTrack.album_id, genre=CatalogTrack.genres, artist=CatalogTrack.artist_names,
                                           tag=CatalogTrack.tags, track=CatalogTrack.name, album=CatalogAlbum.name,
                                           year=CatalogTrack.release_date)
                counted = select(func.count()).select_from(CatalogTrack)
                if "album" in fields:
                    counted = counted.join(CatalogAlbum, CatalogAlbum.id == CatalogTrack.album_id)
                total = db.exec(counted.where(*conds)).one()
                rows = db.exec(self._track_query().where(*conds)
                               .order_by(col(CatalogTrack.popularity).desc(), CatalogTrack.id)
                               .offset(offset).limit(limit)).all()
                result["tracks"] = _page([self._track(t, a, dates) for t, a in rows], total, offset, limit)
            if "artist" in types:
                conds = word_conds("artist", CatalogArtist.seq, CatalogArtist.search_text, words, fts)
                conds += field_conds(fields, dates, genre=CatalogArtist.genres, artist=CatalogArtist.name)
                total = db.exec(select(func.count()).select_from(CatalogArtist).where(*conds)).one()
                rows = db.exec(select(CatalogArtist).where(*conds)
                               .order_by(col(CatalogArtist.popularity).desc(), CatalogArtist.id)
                               .offset(offset).limit(limit)).all()
                result["artists"] = _page([self._artist(a) for a in rows], total, offset, limit)
            if "album" in types:
                conds = word_conds("album", CatalogAlbum.seq, CatalogAlbum.search_text, words, fts)
                conds += field_conds(fields, dates, CatalogAlbum.id, genre=CatalogAlbum.genre, artist=CatalogAlbum.artist_names,
                                           album=CatalogAlbum.name, year=CatalogAlbum.release_date)
                total = db.exec(select(func.count()).select_from(CatalogAlbum).where(*conds)).one()
                rows = db.exec(select(CatalogAlbum).where(*conds)
                               .order_by(col(CatalogAlbum.popularity).desc(), CatalogAlbum.id)
                               .offset(offset).limit(limit)).all()
                result["albums"] = _page([self._album(a, dates) for a in rows], total, offset, limit)
        return SearchResult(**result)

    def artist(self, artist_id: str) -> Artist | None:
        with session_scope() as db:
            row = db.get(CatalogArtist, artist_id)
            return self._artist(row) if row else None

    def album(self, album_id: str) -> Album | None:
        with session_scope() as db:
            row = db.get(CatalogAlbum, album_id)
            return self._album(row, self._dates(db)) if row else None

    def artist_albums(self, artist_id: str, include_groups: Sequence[str] = ("album", "single"),
                      limit: int | None = None, offset: int = 0) -> Page[Album]:
        """The artist's releases, newest first; `appears_on` adds albums they feature on."""
        limit = _limit(limit)
        own = [g for g in include_groups if g in ("album", "single", "compilation")]
        with session_scope() as db:
            dates = self._dates(db)
            conds = [(CatalogAlbum.artist_id == artist_id) & col(CatalogAlbum.album_type).in_(own)] if own else []
            if "appears_on" in include_groups:
                featured = (select(CatalogTrack.album_id)
                            .where(col(CatalogTrack.artist_ids).contains(artist_id), CatalogTrack.artist_id != artist_id))
                conds.append(col(CatalogAlbum.id).in_(featured))
            if not conds:
                return Page()
            where = conds[0] if len(conds) == 1 else conds[0] | conds[1]
            rows = db.exec(select(CatalogAlbum).where(where)
                           .order_by(col(CatalogAlbum.release_date).desc(), CatalogAlbum.id)).all()
        albums = []
        for row in rows:
            album = self._album(row, dates)
            if row.artist_id != artist_id:
                album = _with_group(album, "appears_on")
            albums.append(album)
        albums.sort(key=lambda a: (a.release_date or dt.date.min), reverse=True)
        return _page(albums[offset:offset + limit], len(albums), offset, limit)

    def tracks(self, track_ids: Sequence[str]) -> list[Track]:
        """Tracks by id, in order; unknown ids are left out (one query)."""
        with session_scope() as db:
            return self._tracks_by_id(db, list(dict.fromkeys(track_ids)))

    def album_tracks(self, album_id: str) -> list[Track]:
        with session_scope() as db:
            dates = self._dates(db)
            rows = db.exec(self._track_query().where(CatalogTrack.album_id == album_id)
                           .order_by(CatalogTrack.track_number)).all()
            return [self._track(t, a, dates) for t, a in rows]

    def audio_features(self, track_ids: Sequence[str]) -> dict[str, AudioFeatures | None]:
        out: dict[str, AudioFeatures | None] = {i: None for i in track_ids}
        if not track_ids:
            return out
        with session_scope() as db:
            for t in db.exec(select(CatalogTrack).where(col(CatalogTrack.id).in_(list(track_ids)))).all():
                out[t.id] = AudioFeatures(
                    danceability=t.danceability, energy=t.energy, valence=t.valence, acousticness=t.acousticness,
                    instrumentalness=t.instrumentalness, speechiness=t.speechiness, liveness=t.liveness,
                    tempo=t.tempo, key=t.key, mode=t.mode, loudness=t.loudness)
        return out


def _with_group(album: Album, group: str) -> Album:
    return replace(album, album_group=group)
