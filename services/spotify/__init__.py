"""The live Spotify adapter: OAuth (authlib, PKCE), encrypted token storage, Spotify's
rules per app mode (`rules`: page sizes, removed endpoints), paging, and `SpotifySource`
(spotipy) behind the catalog's `MusicSource` interface. The interface, the plain
types and the offline demo catalog live in `services.catalog`.

The web layer calls `start_connect`, `finish_connect`, `disconnect` (which deletes
everything derived from Spotify and reports what) and `connection_info`;
`services.catalog.get_source` calls `source_for`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.spotify.connection import (
    ConnectionInfo,
    ConnectResult,
    connection_info,
    disconnect,
    finish_connect,
    is_configured,
    is_connected,
    start_connect,
)
from services.spotify.errors import (
    EndpointUnavailable,
    NoActiveDevice,
    NotOnAllowList,
    NotConnected,
    PremiumRequired,
    RateLimited,
    ReconnectNeeded,
    SpotifyError,
    SpotifyForbidden,
    SpotifyUnavailable,
)

if TYPE_CHECKING:
    from services.spotify.source import SpotifySource


def source_for(user_id: int) -> SpotifySource | None:
    """A `SpotifySource` when this user has a working connection, else None (use demo)."""
    if not is_connected(user_id):
        return None
    from services.spotify.source import SpotifySource

    return SpotifySource(user_id)


__all__ = [
    "ConnectResult",
    "ConnectionInfo",
    "EndpointUnavailable",
    "NoActiveDevice",
    "NotConnected",
    "NotOnAllowList",
    "PremiumRequired",
    "RateLimited",
    "ReconnectNeeded",
    "SpotifyError",
    "SpotifyForbidden",
    "SpotifyUnavailable",
    "connection_info",
    "disconnect",
    "finish_connect",
    "is_configured",
    "is_connected",
    "source_for",
    "start_connect",
]
