"""Music catalog providers: where each listener's music comes from.

The registry picks one provider from the configuration: `SpotifyCatalog`
(`services/spotify/catalog.py`) when `SPOTIFY_CLIENT_ID` is set, else `DemoCatalog`.
A provider then gives each listener their `MusicSource`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from services.catalog.demo import DemoSource
from services.catalog.source import MusicSource


@runtime_checkable
class MusicCatalog(Protocol):
    name: str

    def source(self, user_id: int) -> MusicSource:
        """The listener's source of music (their account, or the demo catalog)."""
        ...


class DemoCatalog:
    """Offline default: every listener reads the demo catalog and their demo library."""

    name = "demo"

    def source(self, user_id: int) -> MusicSource:
        return DemoSource(user_id)
