"""A small in-memory music source for release tests: people, follows, albums, and
injected failures shaped like the real adapters' errors."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.catalog.source import SourceError
from services.catalog.types import Album, Artist, Page, Playlist, Track


class HttpError(Exception):
    """Shaped like spotipy's SpotifyException: `http_status` and `headers`."""

    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"http {status}")
        self.http_status = status
        self.headers = headers or {}


@dataclass
class World:
    """The shared catalog plus each person's follows; counts every call."""

    albums: dict[str, list[Album]] = field(default_factory=dict)  # artist id -> albums
    names: dict[str, str] = field(default_factory=dict)
    follows: dict[int, list[str]] = field(default_factory=dict)
    saved: dict[int, list[Track]] = field(default_factory=dict)
    failing_artists: set[str] = field(default_factory=set)  # always 503
    flaky_artists: dict[str, int] = field(default_factory=dict)  # artist -> 503s before success
    failing_people: set[int] = field(default_factory=set)  # followed_artists -> 401
    forbidden_people: set[int] = field(default_factory=set)  # artist_albums through their account -> 403
    rate_limit_first: dict[str, float] = field(default_factory=dict)  # artist -> Retry-After on first call
    skipped: dict[str, int] = field(default_factory=dict)  # artist -> unreadable entries on each listing page
    tracks: dict[str, list[Track]] = field(default_factory=dict)  # album id -> tracks
    playlists: dict[str, tuple[Playlist, list[str]]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_artist(self, artist_id: str, name: str, albums: Sequence[Album] = ()) -> None:
        self.names[artist_id] = name
        self.albums.setdefault(artist_id, []).extend(albums)

    def calls_to(self, kind: str, key: str | None = None) -> int:
        return sum(1 for k, v in self.calls if k == kind and (key is None or v == key))


def album(
    album_id: str, title: str, artist_id: str, artist_name: str, day: dt.date, *,
    album_type: str = "album", group: str | None = None, tracks: int = 10, others: Sequence[tuple[str, str]] = (),
    precision: str = "day",
) -> Album:
    ids = (artist_id, *[o[0] for o in others])
    names = (artist_name, *[o[1] for o in others])
    return Album(
        id=album_id, name=title, album_type=album_type, album_group=group or album_type,  # type: ignore[arg-type]
        artist_ids=ids, artist_names=names, release_date=day, release_date_precision=precision, total_tracks=tracks,
        image_url=f"https://img.test/{album_id}.jpg",
    )


_GROUP_ORDER = {"album": 0, "single": 1, "compilation": 2, "appears_on": 3}


PAGE = 10  # what `limit=None` gets: a development-mode Spotify app's page of artist albums


class MemorySource:
    """One person's view of the world, implementing the calls the scan makes."""

    kind = "spotify"
    label = "Memory"

    def __init__(self, world: World, user_id: int) -> None:
        self.world, self.user_id = world, user_id

    def _log(self, kind: str, key: str) -> None:
        with self.world.lock:
            self.world.calls.append((kind, key))

    def followed_artists(self, limit: int | None = 20, after: str | None = None) -> Page[Artist]:
        limit = limit or 50
        self._log("followed", str(self.user_id))
        if self.user_id in self.world.failing_people:
            raise HttpError(401)
        ids = self.world.follows.get(self.user_id, [])
        start = ids.index(after) + 1 if after else 0
        chunk = ids[start:start + limit]
        more = start + limit < len(ids)
        return Page([Artist(a, self.world.names.get(a, a)) for a in chunk], len(ids), next_cursor=chunk[-1] if more and chunk else None)

    def saved_tracks(self, limit: int | None = 20, offset: int = 0) -> Page[Track]:
        limit = limit or 50
        self._log("saved", str(self.user_id))
        tracks = self.world.saved.get(self.user_id, [])
        chunk = tracks[offset:offset + limit]
        return Page(chunk, len(tracks), next_offset=offset + limit if offset + limit < len(tracks) else None)

    def artist_albums(self, artist_id: str, include_groups: Sequence[str] = ("album", "single"), limit: int | None = None,
                      offset: int = 0) -> Page[Album]:
        limit = limit or PAGE
        self._log("albums", artist_id)
        w = self.world
        if artist_id in w.failing_artists:
            raise HttpError(503)
        if self.user_id in w.forbidden_people:
            raise HttpError(403)
        with w.lock:
            if w.flaky_artists.get(artist_id, 0) > 0:
                w.flaky_artists[artist_id] -= 1
                raise HttpError(502)
            if artist_id in w.rate_limit_first:
                wait = w.rate_limit_first.pop(artist_id)
                raise HttpError(429, {"Retry-After": str(wait)})
        albums = [a for a in w.albums.get(artist_id, []) if a.album_group in include_groups]
        albums.sort(key=lambda a: (_GROUP_ORDER.get(a.album_group, 9), -(a.release_date or dt.date.min).toordinal()))
        chunk = albums[offset:offset + limit]
        return Page(chunk, len(albums), next_offset=offset + limit if offset + limit < len(albums) else None,
                    skipped=w.skipped.get(artist_id, 0))

    def album_tracks(self, album_id: str) -> list[Track]:
        self._log("tracks", album_id)
        return list(self.world.tracks.get(album_id, []))

    def create_playlist(self, name: str, description: str = "", public: bool = False) -> Playlist:
        if not name.strip():
            raise SourceError("A playlist needs a name.")
        self._log("create_playlist", name)
        playlist = Playlist(id=f"pl{len(self.world.playlists)}", name=name, description=description, public=public,
                            owned_by_me=True)
        self.world.playlists[playlist.id] = (playlist, [])
        return playlist

    def playlists(self, limit: int | None = 20, offset: int = 0) -> Page[Playlist]:
        mine = [p for p, _ in self.world.playlists.values()]
        return Page(mine[offset:offset + (limit or 50)], len(mine))

    def playlist_items(self, playlist_id: str, limit: int | None = 50, offset: int = 0) -> Page[Track]:
        if playlist_id not in self.world.playlists:
            raise SourceError("Unknown playlist.")
        ids = self.world.playlists[playlist_id][1]
        size = limit or 100
        chunk = [Track(id=t, name=t) for t in ids[offset:offset + size]]
        return Page(chunk, len(ids), next_offset=offset + size if offset + size < len(ids) else None)

    def add_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        if playlist_id not in self.world.playlists:
            raise SourceError("Unknown playlist.")
        self._log("add_items", playlist_id)
        self.world.playlists[playlist_id][1].extend(track_ids)

    def replace_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        if playlist_id not in self.world.playlists:
            raise SourceError("Unknown playlist.")
        self.world.playlists[playlist_id] = (self.world.playlists[playlist_id][0], list(track_ids))
