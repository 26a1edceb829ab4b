"""One card per real concert: events from several sources are merged when the same
artist plays the same venue (within ~200 m) on the same local date; every ticket link is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from services.events.geo import haversine_km
from services.events.types import Event, Performer, TicketLink

SAME_VENUE_KM = 0.2
_NON_WORD = re.compile(r"[^\w]+")
# Which source's facts win when two disagree (a live source over the demo data).
SOURCE_PRIORITY = {"ticketmaster": 0, "bandsintown": 1, "demo": 2}


@lru_cache(maxsize=65536)
def artist_key(name: str) -> str:
    """Comparable artist name: accents, case, punctuation and a leading "the" ignored."""
    plain = name if name.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = _NON_WORD.sub(" ", plain.casefold()).strip()
    if plain.startswith("the "):
        plain = plain[4:]
    return plain.replace(" ", "")


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


def _first(values: Iterable[object]) -> object:
    return next((v for v in values if v), None)


def combine(group: list[Event]) -> Event:
    """One event from duplicates: the highest-priority source's facts, gaps filled from the
    others, every lineup name, genre, source and ticket link kept once."""
    if len(group) == 1:
        return group[0]
    ranked = sorted(group, key=lambda e: SOURCE_PRIORITY.get(e.source, 9))
    primary = ranked[0]
    lineup: list[str] = []
    seen_artists: set[str] = set()
    tickets: list[TicketLink] = []
    seen_urls: set[str] = set()
    sources: list[str] = []
    artist_ids: list[str] = []
    genres: list[str] = []
    performers: list[Performer] = []
    for event in ranked:
        performers.extend(p for p in event.performers if p not in performers)
        for ticket in event.tickets:
            if ticket.url not in seen_urls:
                seen_urls.add(ticket.url)
                tickets.append(ticket)
        for name in event.lineup:
            if artist_key(name) not in seen_artists:
                seen_artists.add(artist_key(name))
                lineup.append(name)
        artist_ids.extend(a for a in event.artist_ids if a not in artist_ids)
        genres.extend(g for g in event.genres if g not in genres)
        sources.extend(s for s in event.sources if s not in sources)
    venues = [e.venue for e in ranked]
    located = next((v for v in venues if v.lat is not None and v.lon is not None), primary.venue)
    venue = primary.venue.model_copy(update={
        "address": _first(v.address for v in venues) or "", "timezone": _first(v.timezone for v in venues),
        "lat": located.lat, "lon": located.lon})
    return primary.model_copy(update={
        "sources": sources, "lineup": lineup, "performers": performers,
        "onsale_at": _first(e.onsale_at for e in ranked), "artist_ids": artist_ids, "genres": genres, "tickets": tickets,
        "venue": venue, "image": _first(e.image for e in ranked) or "", "url": _first(e.url for e in ranked) or "",
        "price": _first(e.price for e in ranked), "local_time": _first(e.local_time for e in ranked)})
