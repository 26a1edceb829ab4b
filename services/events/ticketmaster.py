"""Ticketmaster Discovery v2 (`events.json`): the live source for "concerts near me".

Limits respected on our side: `size` ≤ 200 and `size * page < 1000` per query, 5 requests/s
and 5,000/day through the shared `RateLimiter`. Malformed items are skipped and logged.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from datetime import date, datetime, time as dtime, timezone
from typing import Any

import httpx

from services import metrics
from services.config import get_settings
from services.events.geo import valid_coordinates
from services.events.http import get_json
from services.events.quota import RateLimiter, ticketmaster_limiter
from services.events.source import EventQuery
from services.events.timezones import localize, zone_at
from services.events.types import Event, Performer, PriceRange, TicketLink, Venue

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 200
MAX_DEPTH = 1000  # Ticketmaster refuses size * page >= 1000
SORTS = {"date": "date,asc", "distance": "distance,asc", "relevance": "relevance,desc"}
# Ticketmaster genre ids of the Music segment, so a genre filter is done by the API.
GENRE_IDS = {
    "rock": "KnvZfZ7vAeA", "pop": "KnvZfZ7vAev", "hip-hop/rap": "KnvZfZ7vAv1", "hip-hop": "KnvZfZ7vAv1",
    "rap": "KnvZfZ7vAv1", "dance/electronic": "KnvZfZ7vAvF", "electronic": "KnvZfZ7vAvF", "dance": "KnvZfZ7vAvF",
    "jazz": "KnvZfZ7vAvE", "country": "KnvZfZ7vAv6", "r&b": "KnvZfZ7vAee", "classical": "KnvZfZ7v7nJ",
    "metal": "KnvZfZ7vAvt", "alternative": "KnvZfZ7vAvv", "folk": "KnvZfZ7vAva", "latin": "KnvZfZ7vAJ6",
    "blues": "KnvZfZ7vAvd", "reggae": "KnvZfZ7vAed",
}
_IGNORED_GENRES = {"", "undefined", "other", "music"}
_SPOTIFY_ARTIST = re.compile(r"open\.spotify\.com/(?:intl-[a-z]+/)?artist/([A-Za-z0-9]{10,40})")


def tm_datetime(value: datetime) -> str:
    """Ticketmaster's accepted form: UTC, seconds precision, a literal Z."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_plan(limit: int) -> tuple[int, int]:
    """(page size, number of pages) that fetch up to `limit` events within the paging rules."""
    size = max(1, min(MAX_PAGE_SIZE, limit))
    pages = min(math.ceil(limit / size), math.ceil(MAX_DEPTH / size))
    while pages > 1 and size * (pages - 1) >= MAX_DEPTH:
        pages -= 1
    return size, pages


class TicketmasterSource:
    """Live Ticketmaster Discovery source (needs `TICKETMASTER_API_KEY`)."""

    name = "ticketmaster"
    by_place = True
    by_artist = True

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        limiter: RateLimiter | None = None,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        settings = get_settings()
        self.api_key = api_key if api_key is not None else settings.ticketmaster_api_key
        self.client = httpx.Client(base_url=base_url or settings.ticketmaster_base_url, timeout=timeout,
                                   transport=metrics.counting_transport("ticketmaster"))
        self.limiter = limiter or ticketmaster_limiter()
        self.sleep = sleep

    def params_for(self, query: EventQuery) -> dict[str, Any]:
        """The API parameters of a query (without paging)."""
        params: dict[str, Any] = {"apikey": self.api_key, "classificationName": "music"}
        if query.keyword:
            params["keyword"] = query.keyword
        if query.city:
            params["city"] = query.city
        has_point = query.lat is not None and query.lon is not None
        if has_point:
            params["latlong"] = f"{query.lat:.4f},{query.lon:.4f}"
            params["radius"] = str(max(1, math.ceil(query.radius_km or 50)))
            params["unit"] = "km"
        if query.start:
            params["startDateTime"] = tm_datetime(query.start)
        if query.end:
            params["endDateTime"] = tm_datetime(query.end)
        if query.genre and query.genre.lower() in GENRE_IDS:
            params["genreId"] = GENRE_IDS[query.genre.lower()]
        sort = query.sort if (query.sort != "distance" or has_point) else "date"
        params["sort"] = SORTS[sort]
        return params

    def search(self, query: EventQuery) -> list[Event]:
        """Every page needed for `query.limit` events, stopping at the last page."""
        size, pages = page_plan(query.limit)
        params = self.params_for(query)
        events: list[Event] = []
        for page in range(pages):
            if size * page >= MAX_DEPTH:
                break
            body = get_json(
                self.client, self.name, "events.json", {**params, "size": size, "page": page},
                before_request=self.limiter.acquire, sleep=self.sleep,
            )
            items = ((body or {}).get("_embedded") or {}).get("events") or [] if isinstance(body, dict) else []
            events.extend(parse_events(items))
            total_pages = int(((body or {}).get("page") or {}).get("totalPages") or 0) if isinstance(body, dict) else 0
            if len(events) >= query.limit or page + 1 >= total_pages or len(items) < size:
                break
        return events[: query.limit]

    def artist_events(self, artist: str, start: datetime | None = None, end: datetime | None = None) -> list[Event]:
        """An artist's shows found by keyword, kept only where the name is billed (a namesake
        or a tribute billed under the same name still passes: `services.events.artist_match`
        tells them apart by id)."""
        found = self.search(EventQuery(keyword=artist, start=start, end=end, limit=200))
        wanted = artist.casefold()
        return [e for e in found if any(a.casefold() == wanted for a in e.lineup)]


def parse_events(items: list[Any]) -> list[Event]:
    """Events from `_embedded.events`; a malformed item is logged and skipped."""
    events: list[Event] = []
    for item in items:
        try:
            events.append(parse_event(item))
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            ident = item.get("id") if isinstance(item, dict) else None
            log.warning("ticketmaster: skipped malformed event %s: %s: %s", ident, type(exc).__name__, exc)
    return events


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_event(item: dict[str, Any]) -> Event:
    """One Discovery event; raises on anything a card could not show."""
    event_id = str(item["id"])
    name = str(item["name"]).strip()
    if not name:
        raise ValueError("empty name")
    dates = item["dates"]
    start_info = dates["start"]
    embedded = item.get("_embedded") or {}
    venue_raw = (embedded.get("venues") or [{}])[0]
    location = venue_raw.get("location") or {}
    lat, lon = _float(location.get("latitude")), _float(location.get("longitude"))
    if not valid_coordinates(lat, lon):
        lat = lon = None
    tz_name = dates.get("timezone") or venue_raw.get("timezone") or (zone_at(lat, lon) if lat is not None and lon is not None else None)
    local_date = date.fromisoformat(start_info["localDate"])
    local_time = dtime.fromisoformat(start_info["localTime"]) if start_info.get("localTime") else None
    if start_info.get("dateTime"):
        start = datetime.fromisoformat(str(start_info["dateTime"]).replace("Z", "+00:00"))
        if start.tzinfo is None:
            start = start.replace(tzinfo=timezone.utc)
        start = start.astimezone(timezone.utc)
    else:
        start = localize(local_date, local_time, tz_name)
    venue = Venue(
        name=str(venue_raw.get("name") or "Venue to be announced"),
        city=str((venue_raw.get("city") or {}).get("name") or ""),
        country=str((venue_raw.get("country") or {}).get("countryCode") or ""),
        region=str((venue_raw.get("state") or {}).get("stateCode") or (venue_raw.get("state") or {}).get("name") or ""),
        address=str((venue_raw.get("address") or {}).get("line1") or ""),
        lat=lat, lon=lon, timezone=tz_name,
    )
    attractions = [a for a in embedded.get("attractions") or [] if isinstance(a, dict) and a.get("name")]
    genres: list[str] = []
    for c in item.get("classifications") or []:
        for level in ("genre", "subGenre"):
            g = str(((c or {}).get(level) or {}).get("name") or "")
            if g.lower() not in _IGNORED_GENRES and g not in genres:
                genres.append(g)
    url = str(item.get("url") or "")
    status = str((dates.get("status") or {}).get("code") or "")
    performers = [Performer(name=str(a["name"]), source_id=f"tm:{a['id']}" if a.get("id") else "",
                            spotify_id=spotify_id(a.get("externalLinks"))) for a in attractions]
    return Event(
        id=f"tm:{event_id}", source="ticketmaster", name=name, start=start,
        local_date=local_date, local_time=local_time, venue=venue,
        lineup=[str(a["name"]) for a in attractions],
        artist_ids=[f"tm:{a['id']}" for a in attractions if a.get("id")],
        url=url, image=_best_image(item.get("images") or []), price=_price(item.get("priceRanges") or []),
        genres=genres, tickets=[TicketLink(source="ticketmaster", url=url, status=status)] if url else [],
        status=status, performers=performers, onsale_at=_onsale(item),
    )


def spotify_id(links: Any) -> str:
    """The Spotify artist id from an attraction's `externalLinks.spotify[].url`, or ""."""
    if not isinstance(links, dict):
        return ""
    for link in links.get("spotify") or []:
        url = str((link or {}).get("url") or "") if isinstance(link, dict) else ""
        match = _SPOTIFY_ARTIST.search(url)
        if match:
            return match.group(1)
    return ""


def _onsale(item: dict[str, Any]) -> datetime | None:
    """When public sales start (`sales.public.startDateTime`); None when absent or unreadable."""
    raw = (((item.get("sales") or {}).get("public") or {}).get("startDateTime")) if isinstance(item.get("sales"), dict) else None
    if not raw or (item.get("sales") or {}).get("public", {}).get("startTBD"):
        return None
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _best_image(images: list[Any]) -> str:
    """The widest 16:9 image (cards are landscape), else the widest of any shape."""
    usable = [i for i in images if isinstance(i, dict) and i.get("url")]
    if not usable:
        return ""
    usable.sort(key=lambda i: (i.get("ratio") == "16_9", int(i.get("width") or 0)), reverse=True)
    return str(usable[0]["url"])


def _price(ranges: list[Any]) -> PriceRange | None:
    mins = [_float(r.get("min")) for r in ranges if isinstance(r, dict)]
    maxs = [_float(r.get("max")) for r in ranges if isinstance(r, dict)]
    mins_ok = [m for m in mins if m is not None]
    maxs_ok = [m for m in maxs if m is not None]
    if not mins_ok and not maxs_ok:
        return None
    currency = next((str(r.get("currency")) for r in ranges if isinstance(r, dict) and r.get("currency")), "")
    return PriceRange(min=min(mins_ok) if mins_ok else None, max=max(maxs_ok) if maxs_ok else None, currency=currency)
