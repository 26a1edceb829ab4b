"""The live music catalog provider: each listener's own Spotify account.

A listener without a working connection (never connected, or "reconnect_needed"
after Spotify revoked our refresh token) reads the demo catalog; pages say why from
`services.spotify.connection_info`.
"""

from __future__ import annotations

from services.catalog.demo import DemoSource
from services.catalog.source import MusicSource
from services.spotify import source_for


class SpotifyCatalog:
    name = "spotify"

    def source(self, user_id: int) -> MusicSource:
        live = source_for(user_id)
        return live if live is not None else DemoSource(user_id)
