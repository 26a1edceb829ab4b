"""Choosing the event sources (live when keyed, demo otherwise) and caching their answers.

In live mode the demo data is never substituted: a live failure is an error the page shows.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from services.config import get_settings
from services.events import cache
from services.events.demo import ArtistProvider, DemoEventSource
from services.events.source import EventQuery, EventSource
from services.events.types import Event

log = logging.getLogger(__name__)


class CachedSource:
    """Wraps a live source: place queries cached for `query_ttl`, artist lookups for `artist_ttl`."""

    def __init__(self, inner: EventSource, query_ttl: timedelta, artist_ttl: timedelta) -> None:
        self.inner = inner
        self.name, self.by_place, self.by_artist = inner.name, inner.by_place, inner.by_artist
        self.query_ttl, self.artist_ttl = query_ttl, artist_ttl

    def search(self, query: EventQuery) -> list[Event]:
        if not self.by_place:
            return []
        key = cache.cache_key(self.name, "search", asdict(query))
        hit = cache.get_cached(key)
        if hit is not None:
            return hit
        events = self.inner.search(query)
        cache.put_cached(key, self.name, events, self.query_ttl, f"search {query.keyword or ''} {query.lat},{query.lon}")
        return events

    def artist_events(self, artist: str, start: datetime | None = None, end: datetime | None = None) -> list[Event]:
        params = {"artist": artist.strip().casefold(), "start": start, "end": end}
        key = cache.cache_key(self.name, "artist", params)
        hit = cache.get_cached(key)
        if hit is not None:
            return hit
        events = self.inner.artist_events(artist, start, end)
        cache.put_cached(key, self.name, events, self.artist_ttl, f"artist {artist}")
        return events


def live_sources() -> list[EventSource]:
    """The keyed live sources, each behind its cache (empty when none is keyed)."""
    settings = get_settings()
    out: list[EventSource] = []
    if settings.mode("ticketmaster") == "live":
        from services.events.ticketmaster import TicketmasterSource

        out.append(CachedSource(TicketmasterSource(), cache.QUERY_TTL, cache.QUERY_TTL))
    if settings.mode("bandsintown") == "live":
        from services.events.bandsintown import BandsintownSource

        out.append(CachedSource(BandsintownSource(), cache.QUERY_TTL, cache.ARTIST_TTL))
    return out


_demo: DemoEventSource | None = None


def demo_source(artists: ArtistProvider | None = None) -> DemoEventSource:
    """The shared demo source (its generated events are memoised per day)."""
    global _demo
    if artists is not None:
        return DemoEventSource(artists)
    if _demo is None:
        _demo = DemoEventSource()
    return _demo


def get_sources() -> list[EventSource]:
    """Live sources when any event key is set, else the demo source — never a mix."""
    return live_sources() or [demo_source()]


def events_mode() -> str:
    """"live" when Ticketmaster or Bandsintown is keyed, else "demo" (for the page badge)."""
    return "live" if live_sources_configured() else "demo"


def live_sources_configured() -> bool:
    settings = get_settings()
    return settings.mode("ticketmaster") == "live" or settings.mode("bandsintown") == "live"
