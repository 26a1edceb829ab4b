"""Music data for every page: the `MusicSource` interface, its plain types, the factory,
and the offline default (`demo`). The live Spotify adapter is `services.spotify`
(see `source` for which package holds what).

`get_source(user_id)` asks the registry's music catalog where a listener's music comes
from: the demo catalog (offline default) or, once connected, their Spotify account.
`services/spotify/` holds the Spotify side (OAuth, tokens, the spotipy client and the
`SpotifySource` adapter); this package holds the interface, the types and the demo catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import (
    TIME_RANGES,
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
    Track,
)
from services.registry import registry

if TYPE_CHECKING:
    from services.catalog.providers import MusicCatalog


def get_source(user_id: int) -> MusicSource:
    """The source for this user from the registry's music catalog: their Spotify account
    when Spotify is configured and they are connected, else the demo catalog.

    A connection marked "reconnect_needed" (Spotify revoked our refresh token) falls
    back to demo data; pages show why from `services.spotify.connection_info`.
    """
    catalog: MusicCatalog = registry.get("music")
    return catalog.source(user_id)


__all__ = [
    "TIME_RANGES",
    "Album",
    "Artist",
    "AudioFeatures",
    "Device",
    "MusicSource",
    "Page",
    "Playback",
    "PlayedTrack",
    "Playlist",
    "Profile",
    "SearchResult",
    "SourceError",
    "Track",
    "get_source",
]
