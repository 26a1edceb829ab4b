"""`SpotifySource`: the `MusicSource` interface on the listener's own Spotify account.

Follows Spotify's 2026 development-mode rules: playlists are created with
`POST /me/playlists` and filled through `/playlists/{id}/items`; search asks for at
most 10 per request and pages for more; objects are fetched one by one (no
several-at-once lookups); recommendations, audio features, related artists, artist
top tracks and browse new-releases are never called (features come back None).
Answers are cached per user (see `cache`), so a page load asks Spotify once.
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
from services.spotify import cache, mapping
from services.spotify.cache import CATALOG_TTL, LIST_TTL, PLAYBACK_TTL
from services.spotify.client import NotFound, SpotifyClient
from services.spotify.errors import SpotifyError, SpotifyForbidden

SEARCH_PAGE = 10  # Spotify's 2026 maximum per search request
MAX_PAGE = 50
PLAYLIST_WRITE_CHUNK = 100
COVER_MAX_B64 = 256 * 1024
ARTIST_ALBUMS_TTL = timedelta(minutes=30)
SEARCH_TTL = timedelta(minutes=10)


def _clamp(limit: int, top: int = MAX_PAGE) -> int:
    return max(1, min(int(limit), top))


class SpotifySource:
    """Reads and writes one user's Spotify account through `SpotifyClient`."""

    kind: SourceKind = "spotify"
    label: str = "Spotify"

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.client = SpotifyClient(user_id)

    # -- plumbing -----------------------------------------------------------------
    def _cached(self, key: str, ttl: timedelta, fetch: Callable[[], Any], kind: str = "list") -> Any:
        return cache.cached(self.user_id, key, kind, ttl, fetch)

    def _get(self, key: str, ttl: timedelta, method: str, *args: Any, kind: str = "list", **kwargs: Any) -> Any:
        return self._cached(key, ttl, lambda: self.client.call(method, *args, **kwargs), kind)

    @staticmethod
    def _key(*parts: Any) -> str:
        return ":".join(json.dumps(p, separators=(",", ":")) if isinstance(p, (list, tuple, dict)) else str(p) for p in parts)

    # -- the listener ---------------------------------------------------------------
    def profile(self) -> Profile:
        return mapping.profile(self._get("me:profile", LIST_TTL, "me") or {})

    def recently_played(self, limit: int = 50) -> list[PlayedTrack]:
        data = self._get(self._key("me:recent", _clamp(limit)), LIST_TTL, "current_user_recently_played", limit=_clamp(limit))
        return [p for p in (mapping.played(e) for e in (data or {}).get("items") or []) if p is not None]

    def top_tracks(self, time_range: TimeRange = "medium_term", limit: int = 20, offset: int = 0) -> Page[Track]:
        data = self._get(self._key("me:top-tracks", time_range, _clamp(limit), offset), LIST_TTL,
                         "current_user_top_tracks", limit=_clamp(limit), offset=offset, time_range=time_range)
        return mapping.offset_page(data, lambda t: mapping.track(t) if mapping.is_track(t) else None, offset)

    def top_artists(self, time_range: TimeRange = "medium_term", limit: int = 20, offset: int = 0) -> Page[Artist]:
        data = self._get(self._key("me:top-artists", time_range, _clamp(limit), offset), LIST_TTL,
                         "current_user_top_artists", limit=_clamp(limit), offset=offset, time_range=time_range)
        return mapping.offset_page(data, mapping.artist, offset)

    def saved_tracks(self, limit: int = 20, offset: int = 0) -> Page[Track]:
        data = self._get(self._key("me:saved", _clamp(limit), offset), LIST_TTL,
                         "current_user_saved_tracks", limit=_clamp(limit), offset=offset)
        return mapping.offset_page(data, lambda e: _entry(e), offset)

    def playlists(self, limit: int = 20, offset: int = 0) -> Page[Playlist]:
        data = self._get(self._key("me:playlists", _clamp(limit), offset), LIST_TTL,
                         "current_user_playlists", limit=_clamp(limit), offset=offset)
        my_id = self.profile().id
        return mapping.offset_page(data, lambda p: mapping.playlist(p, my_id), offset)

    def playlist_items(self, playlist_id: str, limit: int = 50, offset: int = 0) -> Page[Track]:
        try:
            data = self._get(self._key("me:playlist-items", playlist_id, _clamp(limit, 100), offset), LIST_TTL,
                             "playlist_items", playlist_id, limit=_clamp(limit, 100), offset=offset,
                             additional_types=("track",))
        except SpotifyForbidden as exc:
            raise SpotifyForbidden("Spotify only shares the tracks of playlists you own or collaborate on.") from exc
        return mapping.offset_page(data, lambda e: _entry(e), offset)

    def followed_artists(self, limit: int = 20, after: str | None = None) -> Page[Artist]:
        data = self._get(self._key("me:followed", _clamp(limit), after or ""), LIST_TTL,
                         "current_user_followed_artists", limit=_clamp(limit), after=after)
        return mapping.cursor_page((data or {}).get("artists"), mapping.artist)

    # -- the catalog ----------------------------------------------------------------
    def search(self, query: str, types: Sequence[SearchType] = ("track",), limit: int = 10, offset: int = 0) -> SearchResult:
        query = query.strip()
        wanted = [t for t in ("track", "artist", "album") if t in types]
        if not query or not wanted:
            return SearchResult()
        limit = _clamp(limit)
        raw: dict[str, dict[str, Any]] = {t: {"items": [], "total": 0, "next": None} for t in wanted}
        pos = offset
        while pos < offset + limit:
            size = min(SEARCH_PAGE, offset + limit - pos)
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
            items = [x for x in (convert(i) for i in raw[t]["items"] if i) if x is not None]
            has_next = bool(raw[t]["next"]) and pos < raw[t]["total"]
            return Page(items=items, total=raw[t]["total"], next_offset=pos if has_next else None)

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
                      limit: int = 20, offset: int = 0) -> Page[Album]:
        groups = ",".join(include_groups)
        data = self._get(self._key("artist-albums", artist_id, groups, _clamp(limit), offset), ARTIST_ALBUMS_TTL,
                         "artist_albums", artist_id, include_groups=groups, limit=_clamp(limit), offset=offset,
                         kind="catalog")
        return mapping.offset_page(data, mapping.album, offset)

    def album_tracks(self, album_id: str) -> list[Track]:
        data = self._album_json(album_id)
        if not data:
            return []
        block = data.get("tracks") or {}
        raw = list(block.get("items") or [])
        offset = len(raw)
        while block.get("next") and offset < 1000:
            block = self._get(self._key("album-tracks", album_id, offset), CATALOG_TTL, "album_tracks",
                              album_id, limit=MAX_PAGE, offset=offset, kind="catalog") or {}
            page_items = block.get("items") or []
            if not page_items:
                break
            raw.extend(page_items)
            offset += len(page_items)
        return [mapping.track(t, on_album=data) for t in raw if mapping.is_track(t)]

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
