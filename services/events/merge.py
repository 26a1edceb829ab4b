"""One card per real concert: events from several sources are merged when the same
artist plays the same venue (within ~200 m) on the same local date; every ticket link is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from services.events.geo import haversine_km
from services.events.types import Event, TicketLink

SAME_VENUE_KM = 0.2
# Which source's facts win when two disagree (a live source over the demo data).
SOURCE_PRIORITY = {"ticketmaster": 0, "bandsintown": 1, "demo": 2}


def artist_key(name: str) -> str:
    """Comparable artist name: accents, case, punctuation and a leading "the" ignored."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return re.sub(r"^the ", "", plain).replace(" ", "")


def _venue_key(event: Event) -> str:
    return artist_key(event.venue.name) + "|" + artist_key(event.venue.city)


def same_venue(a: Event, b: Event) -> bool:
    """Within 200 m when both have coordinates, else the same venue name in the same city."""
    va, vb = a.venue, b.venue
    if va.lat is not None and va.lon is not None and vb.lat is not None and vb.lon is not None:
        return haversine_km(va.lat, va.lon, vb.lat, vb.lon) <= SAME_VENUE_KM
    return _venue_key(a) == _venue_key(b)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merged events in input order of their first member. Linear in the number of events:
    candidates are only compared within (local date, artist) buckets."""
    items = list(events)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[object, str], list[int]] = {}
    for i, event in enumerate(items):
        keys = {artist_key(n) for n in event.lineup} or {"title:" + artist_key(event.name)}
        for key in keys:
            if not key:
                continue
            bucket = buckets.setdefault((event.local_date, key), [])
            for j in bucket:
                if find(i) != find(j) and same_venue(items[i], items[j]):
                    parent[find(i)] = find(j)
            bucket.append(i)

    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    merged = [combine([items[i] for i in members]) for members in groups.values()]
    order = {root: min(members) for root, members in groups.items()}
    return [m for _, m in sorted(zip(order.values(), merged, strict=True), key=lambda pair: pair[0])]


def combine(group: list[Event]) -> Event:
    """One event from duplicates: the highest-priority source's facts, gaps filled from the
    others, every lineup name, genre, source and ticket link kept once."""
    if len(group) == 1:
        return group[0]
    ranked = sorted(group, key=lambda e: SOURCE_PRIORITY.get(e.source, 9))
    primary = ranked[0]
    data = primary.model_copy(deep=True)
    seen_artists = {artist_key(n) for n in data.lineup}
    tickets: list[TicketLink] = []
    seen_urls: set[str] = set()
    for event in ranked:
        for ticket in event.tickets:
            if ticket.url not in seen_urls:
                seen_urls.add(ticket.url)
                tickets.append(ticket)
        for name in event.lineup:
            if artist_key(name) not in seen_artists:
                seen_artists.add(artist_key(name))
                data.lineup.append(name)
        data.artist_ids.extend(a for a in event.artist_ids if a not in data.artist_ids)
        data.genres.extend(g for g in event.genres if g not in data.genres)
        for source in event.sources:
            if source not in data.sources:
                data.sources.append(source)
        data.image = data.image or event.image
        data.url = data.url or event.url
        data.price = data.price or event.price
        data.local_time = data.local_time or event.local_time
        venue = data.venue
        venue.address = venue.address or event.venue.address
        venue.timezone = venue.timezone or event.venue.timezone
        if venue.lat is None or venue.lon is None:
            venue.lat, venue.lon = event.venue.lat, event.venue.lon
    data.tickets = tickets
    return data
