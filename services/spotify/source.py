"""`SpotifySource`: the `MusicSource` interface on the listener's own Spotify account.

The live adapter of `services.catalog` (which holds the interface, the plain types
and the offline demo catalog). Follows the rules of `rules` for the configured
`SPOTIFY_APP_MODE`: every list is paged within the endpoint's page size (`paging`),
so a caller asking for 50 items gets them in five requests of 10 where Spotify
allows 10; playlists are created with `POST /me/playlists` and filled through
`/playlists/{id}/items`; tracks are looked up one by one in development mode and 50
at a time in extended mode; audio features, recommendations, related artists, top
tracks and new releases are never called (features come back None). Answers are
cached per user (see `cache`), so a page load asks Spotify once; artist album
listings are not (the release scan keeps its own cache, shared by every follower).
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from services.catalog.source import SearchType, SourceKind
from services.catalog.types import (
    Album,
    Artist,
    AudioFeatures,
    Device,
    Page,
    Playback,
    PlayedTrack,
    Playlist,
    Profile,
    SearchResult,
    TimeRange,
    Track,
)
from services.db import utcnow
from services.spotify import cache, mapping, rules
from services.spotify.cache import CATALOG_TTL, LIST_TTL, PLAYBACK_TTL
from services.spotify.client import NotFound, SpotifyClient
from services.spotify.errors import EndpointUnavailable, NotOnAllowList, SpotifyError, SpotifyForbidden
from services.spotify.paging import collect_cursor, collect_offset

PLAYLIST_WRITE_CHUNK = 100
COVER_MAX_B64 = 256 * 1024
SEARCH_TTL = timedelta(minutes=10)
MAX_SEARCH = 50  # results per type one search call returns (the demo catalog has the same bound)


class SpotifySource:
    """Reads and writes one user's Spotify account through `SpotifyClient`."""

    kind: SourceKind = "spotify"
    label: str = "Spotify"

    def __init__(self, user_id: int, client: SpotifyClient | None = None) -> None:
        self.user_id = user_id
        self.client = client or SpotifyClient(user_id)

    # -- plumbing -----------------------------------------------------------------
    def _cached(self, key: str, ttl: timedelta, fetch: Callable[[], Any], kind: str = "list") -> Any:
        return cache.cached(self.user_id, key, kind, ttl, fetch)

    def _get(self, key: str, ttl: timedelta, method: str, *args: Any, kind: str = "list", **kwargs: Any) -> Any:
        return self._cached(key, ttl, lambda: self.client.call(method, *args, **kwargs), kind)

    @staticmethod
    def _key(*parts: Any) -> str:
        return ":".join(json.dumps(p, separators=(",", ":")) if isinstance(p, (list, tuple, dict)) else str(p) for p in parts)

    def _offset_list(self, key: str, ttl: timedelta | None, method: str, limit: int | None, offset: int,
                     *args: Any, kind: str = "list", **kwargs: Any) -> dict[str, Any]:
        """Pages of `method` from `offset` within its page size; cached per request unless `ttl` is None."""
        def fetch(size: int, pos: int) -> Any:
            if ttl is None:
                return self.client.call(method, *args, limit=size, offset=pos, **kwargs)
            return self._get(self._key(key, size, pos), ttl, method, *args, limit=size, offset=pos, kind=kind, **kwargs)

        return collect_offset(fetch, limit=limit, offset=offset, page_max=rules.page_size(method))

    # -- the listener ---------------------------------------------------------------
    def profile(self) -> Profile:
        return mapping.profile(self._get("me:profile", LIST_TTL, "me") or {})

    def recently_played(self, limit: int = 50) -> list[PlayedTrack]:
        size = max(1, min(int(limit), rules.page_size("current_user_recently_played")))  # one page: the latest plays
        data = self._get(self._key("me:recent", size), LIST_TTL, "current_user_recently_played", limit=size)
        return [p for p in (mapping.played(e) for e in (data or {}).get("items") or []) if p is not None]

    def top_tracks(self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0) -> Page[Track]:
        data = self._offset_list(self._key("me:top-tracks", time_range), LIST_TTL, "current_user_top_tracks",
                                 limit, offset, time_range=time_range)
        return mapping.offset_page(data, lambda t: mapping.track(t) if mapping.is_track(t) else None, offset)

    def top_artists(self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0) -> Page[Artist]:
        data = self._offset_list(self._key("me:top-artists", time_range), LIST_TTL, "current_user_top_artists",
                                 limit, offset, time_range=time_range)
        return mapping.offset_page(data, mapping.artist, offset)

    def saved_tracks(self, limit: int | None = 20, offset: int = 0) -> Page[Track]:
        data = self._offset_list("me:saved", LIST_TTL, "current_user_saved_tracks", limit, offset)
        return mapping.offset_page(data, lambda e: _entry(e), offset)

    def playlists(self, limit: int | None = 20, offset: int = 0) -> Page[Playlist]:
        data = self._offset_list("me:playlists", LIST_TTL, "current_user_playlists", limit, offset)
        my_id = self.profile().id
        return mapping.offset_page(data, lambda p: mapping.playlist(p, my_id), offset)

    def playlist_items(self, playlist_id: str, limit: int | None = 50, offset: int = 0) -> Page[Track]:
        try:
            data = self._offset_list(self._key("me:playlist-items", playlist_id), LIST_TTL, "playlist_items",
                                     limit, offset, playlist_id, additional_types=("track",))
        except (NotOnAllowList, EndpointUnavailable):
            raise
        except SpotifyForbidden as exc:
            raise SpotifyForbidden("Spotify only shares the tracks of playlists you own or collaborate on.") from exc
        return mapping.offset_page(data, lambda e: _entry(e), offset)

    def followed_artists(self, limit: int | None = 20, after: str | None = None) -> Page[Artist]:
        def fetch(size: int, cursor: str | None) -> Any:
            data = self._get(self._key("me:followed", size, cursor or ""), LIST_TTL,
                             "current_user_followed_artists", limit=size, after=cursor)
            return (data or {}).get("artists")

        data = collect_cursor(fetch, limit=limit, after=after, page_max=rules.page_size("current_user_followed_artists"))
        return mapping.cursor_page(data, mapping.artist)

    # -- the catalog ----------------------------------------------------------------
    def search(self, query: str, types: Sequence[SearchType] = ("track",), limit: int = 10, offset: int = 0) -> SearchResult:
        query = query.strip()
        wanted = [t for t in ("track", "artist", "album") if t in types]
        if not query or not wanted:
            return SearchResult()
        limit = max(1, min(int(limit), MAX_SEARCH))  # one call makes at most MAX_SEARCH / page size requests
        page_max = rules.page_size("search")
        raw: dict[str, dict[str, Any]] = {t: {"items": [], "total": 0, "next": None} for t in wanted}
        pos = offset
        while pos < offset + limit:
            size = min(page_max, offset + limit - pos)
            data = self._get(self._key("search", query, wanted, size, pos), SEARCH_TTL, "search",
                             q=query, type=",".join(wanted), limit=size, offset=pos, kind="catalog") or {}
            more = False
            for t in wanted:
                block = data.get(t + "s") or {}
                raw[t]["items"].extend(block.get("items") or [])
                raw[t]["total"] = int(block.get("total") or 0)
                raw[t]["next"] = block.get("next")
                more = more or bool(block.get("next"))
            pos += size
            if not more:
                break

        def page(t: str, convert: Callable[[Any], Any]) -> Page[Any]:
            if t not in raw:
                return Page()
            has_next = bool(raw[t]["next"]) and pos < raw[t]["total"]
            data = {"items": raw[t]["items"], "total": raw[t]["total"], "offset": offset, "limit": pos - offset,
                    "next": "more" if has_next else None}
            return mapping.offset_page(data, convert, offset)

        return SearchResult(
            tracks=page("track", lambda t: mapping.track(t) if mapping.is_track(t) else None),
            artists=page("artist", mapping.artist),
            albums=page("album", mapping.album),
        )

    def artist(self, artist_id: str) -> Artist | None:
        try:
            return mapping.artist(self._get(f"artist:{artist_id}", CATALOG_TTL, "artist", artist_id, kind="catalog"))
        except NotFound:
            return None

    def _album_json(self, album_id: str) -> dict[str, Any] | None:
        try:
            return self._get(f"album:{album_id}", CATALOG_TTL, "album", album_id, kind="catalog")
        except NotFound:
            return None

    def album(self, album_id: str) -> Album | None:
        data = self._album_json(album_id)
        return mapping.album(data) if data else None

    def artist_albums(self, artist_id: str, include_groups: Sequence[str] = ("album", "single"),
                      limit: int | None = None, offset: int = 0) -> Page[Album]:
        """Read fresh (not cached): the release scan pages these itself and shares one fetch
        per artist among every follower, and a release-day scan must see the newest listing."""
        data = self._offset_list("", None, "artist_albums", limit, offset, artist_id,
                                 include_groups=",".join(include_groups))
        return mapping.offset_page(data, mapping.album, offset)

    def album_tracks(self, album_id: str) -> list[Track]:
        data = self._album_json(album_id)
        if not data:
            return []
        block = data.get("tracks") or {}
        raw = list(block.get("items") or [])
        offset = len(raw)
        while block.get("next") and offset < 1000:
            size = rules.page_size("album_tracks")
            block = self._get(self._key("album-tracks", album_id, offset), CATALOG_TTL, "album_tracks",
                              album_id, limit=size, offset=offset, kind="catalog") or {}
            page_items = block.get("items") or []
            if not page_items:
                break
            raw.extend(page_items)
            offset += len(page_items)
        return [mapping.track(t, on_album=data) for t in raw if mapping.is_track(t)]

    def tracks(self, track_ids: Sequence[str]) -> list[Track]:
        """Tracks by id, in order; unknown ids are left out. One request per id in development
        mode (several-at-once lookups are removed there), batches in extended mode; cached."""
        ids = list(dict.fromkeys(t.rsplit(":", 1)[-1] for t in track_ids if t))
        found: dict[str, Track] = {}
        if rules.available("tracks"):
            size = rules.page_size("tracks")
            for start in range(0, len(ids), size):
                chunk = ids[start:start + size]
                data = self._get(self._key("tracks", chunk), CATALOG_TTL, "tracks", chunk, kind="catalog") or {}
                for raw in data.get("tracks") or []:
                    if mapping.is_track(raw):
                        found[str(raw["id"])] = mapping.track(raw)
        else:
            for track_id in ids:
                try:
                    raw = self._get(f"track:{track_id}", CATALOG_TTL, "track", track_id, kind="catalog")
                except NotFound:
                    continue
                if mapping.is_track(raw):
                    found[track_id] = mapping.track(raw)
        return [found[t] for t in ids if t in found]

    def audio_features(self, track_ids: Sequence[str]) -> dict[str, AudioFeatures | None]:
        """Always None: Spotify removed audio features for new apps (no call is made)."""
        return {track_id: None for track_id in track_ids}

    # -- writes ---------------------------------------------------------------------
    def create_playlist(self, name: str, description: str = "", public: bool = False) -> Playlist:
        data = self.client.call("current_user_playlist_create", name, public=public, description=description)
        cache.invalidate(self.user_id, "me:playlists")
        return mapping.playlist(data, self.profile().id)

    def replace_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        uris = [t if t.startswith("spotify:") else f"spotify:track:{t}" for t in track_ids]
        self.client.call("playlist_replace_items", playlist_id, uris[:PLAYLIST_WRITE_CHUNK])
        for start in range(PLAYLIST_WRITE_CHUNK, len(uris), PLAYLIST_WRITE_CHUNK):
            self.client.call("playlist_add_items", playlist_id, uris[start:start + PLAYLIST_WRITE_CHUNK])
        cache.invalidate(self.user_id, "me:playlist")

    def add_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        uris = [t if t.startswith("spotify:") else f"spotify:track:{t}" for t in track_ids]
        for start in range(0, len(uris), PLAYLIST_WRITE_CHUNK):
            self.client.call("playlist_add_items", playlist_id, uris[start:start + PLAYLIST_WRITE_CHUNK])
        cache.invalidate(self.user_id, "me:playlist")

    def upload_playlist_cover(self, playlist_id: str, jpeg_bytes: bytes) -> None:
        self.client.call("playlist_upload_cover_image", playlist_id, cover_b64(jpeg_bytes))
        cache.invalidate(self.user_id, "me:playlists")

    # -- playback -------------------------------------------------------------------
    def devices(self) -> list[Device]:
        """Read fresh, never cached: it is asked right before a play command, often just after
        the listener opened Spotify on a phone (a cached empty list would fail their Retry)."""
        data = self.client.call("devices") or {}
        return [mapping.device(d) for d in data.get("devices") or [] if d]

    def play(self, track_id: str, device_id: str | None = None, position_ms: int = 0) -> None:
        uri = track_id if track_id.startswith("spotify:") else f"spotify:track:{track_id}"
        self.client.call("start_playback", device_id=device_id or None, uris=[uri],
                         position_ms=max(0, int(position_ms)) or None)
        cache.invalidate(self.user_id, "me:player")

    def pause(self) -> None:
        self.client.call("pause_playback")
        cache.invalidate(self.user_id, "me:player")

    def skip(self) -> None:
        self.client.call("next_track")
        cache.invalidate(self.user_id, "me:player")

    def add_to_queue(self, track_id: str) -> None:
        self.client.call("add_to_queue", track_id)

    def playback(self) -> Playback | None:
        return mapping.playback(self._get("me:player", PLAYBACK_TTL, "current_playback"), utcnow())


def _entry(entry: dict[str, Any]) -> Track | None:
    inner = mapping.entry_track(entry)
    return mapping.track(inner) if inner else None


def cover_b64(jpeg_bytes: bytes) -> str:
    """Base64 JPEG within Spotify's 256 KB limit, re-encoded smaller when needed."""
    encoded = base64.b64encode(jpeg_bytes).decode()
    if len(encoded) <= COVER_MAX_B64:
        return encoded
    from PIL import Image

    image = Image.open(io.BytesIO(jpeg_bytes)).convert("RGB")
    for side, quality in ((1000, 85), (800, 80), (640, 75), (512, 70), (300, 60)):
        img = image.copy()
        img.thumbnail((side, side))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        encoded = base64.b64encode(buf.getvalue()).decode()
        if len(encoded) <= COVER_MAX_B64:
            return encoded
    raise SpotifyError("The cover image is too large for Spotify (256 KB).")
