"""Music data for every page: the `MusicSource` interface, its plain types, the factory,
and the offline default (`demo`). The live Spotify adapter is `services.spotify`
(see `source` for which package holds what).

`get_source(user_id)` is the one place that decides where a listener's music comes
from: the demo catalog (offline default) or, once connected, their Spotify account.
"""

from __future__ import annotations

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


def get_source(user_id: int) -> MusicSource:
    """The source for this user: Spotify when connected, else demo.

    A connection marked "reconnect_needed" (Spotify revoked our refresh token) falls
    back to demo data; pages show why from `services.spotify.connection_info`.
    """
    from services.spotify import source_for

    live = source_for(user_id)
    if live is not None:
        return live
    from services.catalog.demo import DemoSource

    return DemoSource(user_id)


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
