"""The events search a person runs: validate the request, resolve the place, ask every
source (cached and rate limited), merge duplicates, filter, sort.

`find_events(SearchRequest(...)) -> SearchResult` is what the /events page calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from services.events.errors import InvalidApiKey, InvalidSearch, SourceError, UnknownPlace
from services.events.gazetteer import ATTRIBUTION, find_place, suggest_places
from services.events.geo import RADIUS_LIMITS_KM, Unit, from_km, to_km
from services.events.merge import merge_events
from services.events.search import Filters, rank, select_events
from services.events.source import EventQuery, EventSource
from services.events.sources import get_sources
from services.events.timezones import to_local, zone_at
from services.events.types import Event, Found, Place, SortOrder

log = logging.getLogger(__name__)

MAX_RANGE_DAYS = 366
DEMO_RANGE_DAYS = 180  # the demo source lists the next 180 days (services.events.demo)
MAX_ARTIST_LOOKUPS = 25  # artist-only sources (Bandsintown) are asked for this many of "my artists"


@dataclass
class SearchRequest:
    """What the page sends. Either `place` (a name) or `lat`/`lon` (the browser's location)."""

    place: str = ""
    lat: float | None = None
    lon: float | None = None
    radius: float = 50.0
    unit: Unit = "km"
    start: date | None = None  # venue-local dates, inclusive
    end: date | None = None
    genre: str = ""
    keyword: str = ""
    my_artists: list[str] = field(default_factory=list)  # names (followed, top, library)
    my_artist_ids: list[str] = field(default_factory=list)
    only_my_artists: bool = False
    sort: SortOrder = "date"
    limit: int = 200


@dataclass
class SearchResult:
    """What the page shows: the hits plus everything around them."""

    found: list[Found]
    place: Place | None
    lat: float
    lon: float
    radius_km: float
    unit: Unit
    start: date
    end: date
    mode: str  # live | demo
    sources: list[str]
    notices: list[str] = field(default_factory=list)
    attribution: str = ATTRIBUTION

    @property
    def radius(self) -> float:
        return round(from_km(self.radius_km, self.unit), 1)


def radius_limits(unit: Unit) -> tuple[float, float]:
    """Smallest and largest radius a search accepts, in `unit`."""
    low, high = RADIUS_LIMITS_KM
    return round(from_km(low, unit), 1), round(from_km(high, unit))


def local_today(lat: float, lon: float, now: datetime | None = None) -> date:
    """Today's date where the search is: what "today" means to someone going out there
    (UTC at sea or when the zone is unknown)."""
    now = now or datetime.now(timezone.utc)
    return to_local(now, zone_at(lat, lon)).date()


class Checked(NamedTuple):
    """A valid search: where, how far, which venue-local dates, and today's date there."""

    place: Place | None
    lat: float
    lon: float
    radius_km: float
    start: date
    end: date
    today: date


def validate(req: SearchRequest, today: date | None = None) -> Checked:
    """The checked search, or `InvalidSearch` / `UnknownPlace` naming the field.

    Dates are the venues' own dates, and "today" is today at the searched place. A start in
    the past begins today instead; a range that is wholly over is refused."""
    if req.unit not in ("km", "mi"):
        raise InvalidSearch("unit", "Radius unit must be km or mi.")
    low, high = radius_limits(req.unit)
    if not (low <= req.radius <= high):
        raise InvalidSearch("radius", f"Radius must be between {low:g} and {high:g} {req.unit}.")
    radius_km = to_km(req.radius, req.unit)
    place: Place | None = None
    if req.lat is not None and req.lon is not None:
        if not (-90 <= req.lat <= 90 and -180 <= req.lon <= 180):
            raise InvalidSearch("location", "That location is not on Earth.")
        lat, lon = req.lat, req.lon
    elif req.place.strip():
        place = find_place(req.place)
        if place is None:
            raise UnknownPlace(req.place.strip(), suggest_places(req.place))
        lat, lon = place.lat, place.lon
    else:
        raise InvalidSearch("place", "Type a city or use your location.")
    today = today or local_today(lat, lon)
    end = req.end or max(req.start or today, today) + timedelta(days=90)
    if req.start and req.end and req.end < req.start:
        raise InvalidSearch("end", "The end date is before the start date.")
    if end < today:
        raise InvalidSearch("end", f"Those dates are over: concerts can be searched from today ({today:%-d %b %Y}) on.")
    start = max(req.start or today, today)
    if (end - start).days > MAX_RANGE_DAYS:
        raise InvalidSearch("end", "Search at most a year at a time.")
    if req.sort not in ("date", "distance", "relevance"):
        raise InvalidSearch("sort", "Sort by date, distance or relevance.")
    if req.only_my_artists and not (req.my_artists or req.my_artist_ids):
        raise InvalidSearch("only_my_artists", "No artists of yours yet: connect Spotify or follow some artists first.")
    return Checked(place, lat, lon, radius_km, start, end, today)


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants that surely cover local dates start..end anywhere on Earth."""
    return (datetime.combine(start, time.min, timezone.utc) - timedelta(hours=14),
            datetime.combine(end, time.max, timezone.utc) + timedelta(hours=14))


def ask_sources(sources: Sequence[EventSource], ask: Callable[[EventSource], Iterable[Event] | None],
                notices: list[str]) -> list[Event]:
    """Every event `ask` gets from the sources (None: that source does not apply; what a
    lazy answer gave before it failed is kept). A failing source becomes a notice when
    another answered; when none did, its error is raised; a bad API key is raised at once
    (the operator must see it)."""
    gathered: list[Event] = []
    answered = 0
    errors: list[SourceError] = []
    for source in sources:
        try:
            events = ask(source)
            if events is None:
                continue
            gathered.extend(events)
            answered += 1
        except InvalidApiKey:
            raise
        except SourceError as exc:
            log.warning("events source %s failed: %s", source.name, exc.message)
            errors.append(exc)
            notices.append(exc.message)
    if errors and answered == 0:
        raise errors[0]
    return gathered


def find_events(req: SearchRequest, sources: list[EventSource] | None = None, today: date | None = None) -> SearchResult:
    """Search every source, merge duplicates, filter and sort. Raises `InvalidSearch`,
    `UnknownPlace`, `InvalidApiKey`; a failing live source becomes a notice when another answered."""
    place, lat, lon, radius_km, start, end, today = validate(req, today)
    sources = sources if sources is not None else get_sources()
    notices: list[str] = []
    if req.start and start > req.start + timedelta(days=1):  # a day off is only a time zone apart
        notices.append(f"Concerts that are over are not listed: showing from today, {start:%-d %b %Y}.")
    first, last = _window(start, end)
    # "Only my artists" filters after the sources answer, so ask them for as much as they allow.
    wanted = 1000 if req.only_my_artists else max(1, min(req.limit, 1000))
    # Coordinates rounded to ~100 m so nearby browser locations share the 15-minute cache.
    query = EventQuery(lat=round(lat, 3), lon=round(lon, 3), radius_km=radius_km, start=first, end=last,
                       genre=req.genre, keyword=req.keyword, sort=req.sort, limit=wanted)

    def ask(source: EventSource) -> Iterable[Event] | None:
        if source.by_place:
            return source.search(query)
        if req.my_artists:
            return (e for name in req.my_artists[:MAX_ARTIST_LOOKUPS] for e in source.artist_events(name, first, last))
        notices.append(f"{source.name.title()} finds concerts by artist: choose \"my artists\" to include it.")
        return None

    gathered = ask_sources(sources, ask, notices)
    filters = Filters(lat=lat, lon=lon, radius_km=radius_km, start=first, end=last, genre=req.genre,
                      keyword=req.keyword, my_artists=frozenset(req.my_artists) | frozenset(req.my_artist_ids),
                      only_my_artists=req.only_my_artists)
    found = [f for f in select_events(merge_events(gathered), filters) if start <= f.event.local_date <= end]
    ranked = rank(found, req.sort, filters, datetime.now(timezone.utc))[: req.limit]
    mode = "demo" if all(s.name == "demo" for s in sources) else "live"
    if mode == "demo" and end >= today + timedelta(days=DEMO_RANGE_DAYS):
        notices.append(f"Demo events are listed for the next {DEMO_RANGE_DAYS} days; live sources reach further.")
    return SearchResult(found=ranked, place=place, lat=lat, lon=lon, radius_km=radius_km, unit=req.unit,
                        start=start, end=end, mode=mode, sources=[s.name for s in sources], notices=notices)
