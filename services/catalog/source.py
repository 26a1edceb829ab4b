"""The one interface every page reads music through.

Which package is which: `services/catalog/` is the *interface side* — this
`MusicSource` protocol, the plain types (`types`), the factory `get_source(user_id)`
and the offline default `DemoSource` (the demo catalog and each account's demo
library). `services/spotify/` is the *live adapter* — OAuth, encrypted tokens, the
spotipy client, Spotify's rules per app mode (`rules`), paging and the mapping of
Spotify JSON to these types, behind `SpotifySource`. Pages, states and jobs only
ever import from `services.catalog`.

Paging: `limit` is how many items the caller wants; a source makes as many requests
as its own page size needs (Spotify's are per endpoint and per app mode). Where
`limit` may be None, None asks for one page of whatever size suits the source, the
way a scan that stops early wants it. Identifiers are the source's own strings
(Spotify base-62 ids, or the demo catalog's ids).
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
        self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0
    ) -> Page[Track]: ...

    def top_artists(
        self, time_range: TimeRange = "medium_term", limit: int | None = 20, offset: int = 0
    ) -> Page[Artist]: ...

    def saved_tracks(self, limit: int | None = 20, offset: int = 0) -> Page[Track]: ...

    def playlists(self, limit: int | None = 20, offset: int = 0) -> Page[Playlist]: ...

    def playlist_items(self, playlist_id: str, limit: int | None = 50, offset: int = 0) -> Page[Track]: ...

    def followed_artists(self, limit: int | None = 20, after: str | None = None) -> Page[Artist]:
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
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[Album]:
        """Newest first within each group (Spotify lists group by group)."""
        ...

    def album_tracks(self, album_id: str) -> list[Track]: ...

    def tracks(self, track_ids: Sequence[str]) -> list[Track]:
        """Tracks by id in the order asked; ids the source does not know are left out."""
        ...

    def audio_features(self, track_ids: Sequence[str]) -> dict[str, AudioFeatures | None]:
        """Features per id; None where the source has none (always None on Spotify now)."""
        ...

    # Writes
    def create_playlist(self, name: str, description: str = "", public: bool = False) -> Playlist: ...

    def replace_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None: ...

    def add_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        """Append tracks to one of the listener's own playlists."""
        ...

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
