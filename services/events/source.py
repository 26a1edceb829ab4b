"""The one interface every event source implements, and the query it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from services.events.types import Event, SortOrder


@dataclass(frozen=True)
class EventQuery:
    """What to ask a source for. Times are aware; the radius is in kilometres."""

    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    start: datetime | None = None
    end: datetime | None = None
    keyword: str = ""
    city: str = ""
    genre: str = ""
    sort: SortOrder = "date"
    limit: int = 200  # most events wanted in total (a source may page to reach it)


@runtime_checkable
class EventSource(Protocol):
    """A place to get concerts from. `by_place`: answers geographic queries;
    `by_artist`: answers "where does this artist play"."""

    name: str
    by_place: bool
    by_artist: bool

    def search(self, query: EventQuery) -> list[Event]:
        """Events matching the query (empty when the source does not search by place)."""
        ...

    def artist_events(self, artist: str, start: datetime | None = None, end: datetime | None = None) -> list[Event]:
        """Upcoming events of one artist (or within the dates)."""
        ...
