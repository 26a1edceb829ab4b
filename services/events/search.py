"""Filtering and ranking events: radius, dates, genre, "only my artists", and the
three sort orders. Pure functions over lists, shared by every source and the page."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from services.events.geo import bounding_box, haversine_km
from services.events.merge import artist_key
from services.events.types import Event, Found, SortOrder


def genre_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def matches_genre(event: Event, genre: str) -> bool:
    """"electronic" matches "Dance/Electronic", "hip hop" matches "Hip-Hop/Rap"."""
    wanted = genre_key(genre)
    if not wanted:
        return True
    return any(wanted in genre_key(g) or (genre_key(g) and genre_key(g) in wanted) for g in event.genres)


@dataclass(frozen=True)
class Filters:
    """What the person asked for. `my_artists` holds names or artist ids."""

    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    start: datetime | None = None
    end: datetime | None = None
    genre: str = ""
    keyword: str = ""
    my_artists: frozenset[str] = frozenset()
    only_my_artists: bool = False


def my_artist_keys(names_or_ids: Collection[str]) -> frozenset[str]:
    """Comparable forms of a person's artists (ids kept as they are, names normalised)."""
    return frozenset({artist_key(x) for x in names_or_ids} | set(names_or_ids))


def plays_for(event: Event, keys: frozenset[str]) -> list[str]:
    """The lineup names that are among the person's artists."""
    if not keys:
        return []
    hits = [n for n in event.lineup if artist_key(n) in keys]
    if not hits and any(a in keys for a in event.artist_ids):
        hits = event.lineup[:1]
    return hits


def select_events(events: Iterable[Event], f: Filters) -> list[Found]:
    """Events within the radius, dates, genre and keyword, with distance and "mine" filled in."""
    keys = my_artist_keys(f.my_artists) if f.my_artists else frozenset()
    box = bounding_box(f.lat, f.lon, f.radius_km) if f.lat is not None and f.lon is not None and f.radius_km else None
    keyword = f.keyword.casefold().strip()
    out: list[Found] = []
    for event in events:
        if f.start is not None and event.start < f.start:
            continue
        if f.end is not None and event.start > f.end:
            continue
        distance = None
        vlat, vlon = event.venue.lat, event.venue.lon
        if f.lat is not None and f.lon is not None:
            if vlat is None or vlon is None:
                if box is not None:
                    continue  # cannot place it on the map, so cannot say it is near
            else:
                if box is not None and not (box[0] <= vlat <= box[1] and _lon_in(vlon, box[2], box[3])):
                    continue
                distance = haversine_km(f.lat, f.lon, vlat, vlon)
                if f.radius_km is not None and distance > f.radius_km:
                    continue
        if f.genre and not matches_genre(event, f.genre):
            continue
        if keyword and keyword not in event.name.casefold() and not any(keyword in n.casefold() for n in event.lineup):
            continue
        mine = bool(plays_for(event, keys))
        if f.only_my_artists and not mine:
            continue
        out.append(Found(event=event, distance_km=distance, mine=mine))
    return out


def _lon_in(lon: float, low: float, high: float) -> bool:
    if low < -180 or high > 180:  # the box crosses the antimeridian
        return lon >= low + 360 or lon <= high - 360 or low <= lon <= high
    return low <= lon <= high


def relevance(found: Found, f: Filters, now: datetime) -> float:
    """Higher is better: my artists first, then genre match, more sources, nearer and sooner."""
    event = found.event
    score = 100.0 if found.mine else 0.0
    if f.genre and matches_genre(event, f.genre):
        score += 10.0
    score += 3.0 * (len(event.sources) - 1)
    if found.distance_km is not None and f.radius_km:
        score -= 10.0 * min(1.0, found.distance_km / f.radius_km)
    days = max(0.0, (event.start - now).total_seconds() / 86400)
    score -= min(20.0, days / 7)
    return round(score, 3)


def rank(found: list[Found], sort: SortOrder, f: Filters, now: datetime) -> list[Found]:
    """Sorted by date (soonest), distance (nearest; unknown last) or relevance (best first)."""
    for item in found:
        item.score = relevance(item, f, now)
    if sort == "distance":
        return sorted(found, key=lambda x: (x.distance_km is None, x.distance_km or 0.0, x.event.start))
    if sort == "relevance":
        return sorted(found, key=lambda x: (-x.score, x.event.start))
    return sorted(found, key=lambda x: (x.event.start, x.distance_km or 0.0))
