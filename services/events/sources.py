"""The event sources the registry chose (live when keyed, demo otherwise), each live one
behind the cache of its answers.

In live mode the demo data is never substituted: a live failure is an error the page shows.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from services.events import cache
from services.events.demo import ArtistProvider, DemoEventSource
from services.events.source import EventQuery, EventSource
from services.events.types import Event
from services.registry import registry

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


# Per source: how long its artist lookups are kept (place queries: `cache.QUERY_TTL`).
ARTIST_TTLS = {"ticketmaster": cache.QUERY_TTL, "bandsintown": cache.ARTIST_TTL}


def live_sources() -> list[EventSource]:
    """The keyed live sources chosen by the registry, each behind its cache (empty when none is keyed)."""
    if registry.mode("events") != "live":
        return []
    return [CachedSource(s, cache.QUERY_TTL, ARTIST_TTLS.get(s.name, cache.QUERY_TTL)) for s in registry.get_all("events")]


def demo_source(artists: ArtistProvider | None = None) -> DemoEventSource:
    """The registry's demo source (its generated events are memoised per day), or one
    reading `artists` instead of the demo catalog."""
    if artists is not None:
        return DemoEventSource(artists)
    source: DemoEventSource = registry.offline("events")
    return source


def get_sources() -> list[EventSource]:
    """Live sources when any event key is set, else the demo source — never a mix."""
    return live_sources() or [demo_source()]


def events_mode() -> str:
    """"live" when Ticketmaster or Bandsintown is keyed, else "demo" (for the page badge)."""
    return registry.mode("events")
