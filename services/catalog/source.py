"""The one interface every page reads music through.

`DemoSource` (the offline catalog) and `SpotifySource` (the listener's own account)
implement it; `services.catalog.get_source(user_id)` picks one. Identifiers are the
source's own strings (Spotify base-62 ids, or the demo catalog's ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

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

SourceKind = Literal["demo", "spotify"]
SearchType = Literal["track", "artist", "album"]


class SourceError(Exception):
    """A source could not answer (remote failure, revoked access, unknown playlist...).

    `message` is safe to show to the listener.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@runtime_checkable
class MusicSource(Protocol):
    """Read the listener's library and the catalog; write playlists; drive playback."""

    kind: SourceKind
    label: str

    # The listener
    def profile(self) -> Profile: ...

    def recently_played(self, limit: int = 50) -> list[PlayedTrack]: ...

    def top_tracks(
        self, time_range: TimeRange = "medium_term", limit: int = 20, offset: int = 0
    ) -> Page[Track]: ...

    def top_artists(
        self, time_range: TimeRange = "medium_term", limit: int = 20, offset: int = 0
    ) -> Page[Artist]: ...

    def saved_tracks(self, limit: int = 20, offset: int = 0) -> Page[Track]: ...

    def playlists(self, limit: int = 20, offset: int = 0) -> Page[Playlist]: ...

    def playlist_items(self, playlist_id: str, limit: int = 50, offset: int = 0) -> Page[Track]: ...

    def followed_artists(self, limit: int = 20, after: str | None = None) -> Page[Artist]:
        """Cursor paging: pass the previous page's `next_cursor` as `after`."""
        ...

    # The catalog
    def search(
        self,
        query: str,
        types: Sequence[SearchType] = ("track",),
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResult: ...

    def artist(self, artist_id: str) -> Artist | None: ...

    def album(self, album_id: str) -> Album | None: ...

    def artist_albums(
        self,
        artist_id: str,
        include_groups: Sequence[str] = ("album", "single"),
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Album]: ...

    def album_tracks(self, album_id: str) -> list[Track]: ...

    def audio_features(self, track_ids: Sequence[str]) -> dict[str, AudioFeatures | None]:
        """Features per id; None where the source has none (always None on Spotify now)."""
        ...

    # Writes
    def create_playlist(self, name: str, description: str = "", public: bool = False) -> Playlist: ...

    def replace_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None: ...

    def upload_playlist_cover(self, playlist_id: str, jpeg_bytes: bytes) -> None: ...

    # Playback
    def devices(self) -> list[Device]: ...

    def play(self, track_id: str, device_id: str | None = None, position_ms: int = 0) -> None:
        """Start `track_id` on the device (the active one when None), `position_ms` into it."""
        ...

    def pause(self) -> None: ...

    def skip(self) -> None: ...

    def add_to_queue(self, track_id: str) -> None: ...

    def playback(self) -> Playback | None: ...
