"""Bandsintown (`artists/{name}/events`): the live source for "where do my artists play".

Bandsintown searches by artist, not by place, and sends venue-local times without a zone;
the zone comes from the venue's coordinates. Malformed items are skipped and logged.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import httpx

from services import metrics
from services.config import get_settings
from services.events.geo import valid_coordinates
from services.events.http import get_json
from services.events.source import EventQuery
from services.events.timezones import localize, zone_at
from services.events.types import Event, Performer, TicketLink, Venue

log = logging.getLogger(__name__)

# Characters Bandsintown wants double-escaped in an artist name (its documented quirk).
_SPOTIFY_ARTIST = re.compile(r"open\.spotify\.com/(?:intl-[a-z]+/)?artist/([A-Za-z0-9]{10,40})")
_SPECIAL = {"/": "%252F", "?": "%253F", "*": "%252A", '"': "%27C"}


def artist_path(name: str) -> str:
    """`artists/<escaped name>/events` for any artist name."""
    escaped = "".join(_SPECIAL.get(ch, quote(ch, safe="")) for ch in name.strip())
    return f"artists/{escaped}/events"


def date_param(start: datetime | None, end: datetime | None) -> str:
    """`upcoming`, or `YYYY-MM-DD,YYYY-MM-DD` for a range (open ends filled sensibly)."""
    if start is None and end is None:
        return "upcoming"
    first = (start or datetime.now(timezone.utc)).date().isoformat()
    last = (end or datetime(2100, 1, 1, tzinfo=timezone.utc)).date().isoformat()
    return f"{first},{last}"


class BandsintownSource:
    """Live Bandsintown source (needs `BANDSINTOWN_APP_ID`)."""

    name = "bandsintown"
    by_place = False
    by_artist = True

    def __init__(
        self,
        app_id: str | None = None,
        base_url: str | None = None,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        settings = get_settings()
        self.app_id = app_id if app_id is not None else settings.bandsintown_app_id
        self.client = httpx.Client(base_url=base_url or settings.bandsintown_base_url, timeout=timeout,
                                   transport=metrics.counting_transport("bandsintown"))
        self.sleep = sleep

    def search(self, query: EventQuery) -> list[Event]:
        """Bandsintown has no place search."""
        return []

    def artist_events(self, artist: str, start: datetime | None = None, end: datetime | None = None) -> list[Event]:
        """The artist's upcoming events (or those within the dates); an unknown artist has none."""
        if not artist.strip():
            return []
        body = get_json(
            self.client, self.name, artist_path(artist),
            {"app_id": self.app_id, "date": date_param(start, end)},
            sleep=self.sleep, not_found_ok=True,
        )
        if not isinstance(body, list):  # `{"errorMessage": "[NotFound] ..."}` or `{"warn": ...}`
            if isinstance(body, dict) and body.get("errorMessage"):
                log.info("bandsintown: no events for %r: %s", artist, body["errorMessage"])
            return []
        return parse_events(body, artist)


def parse_events(items: list[Any], artist: str = "") -> list[Event]:
    """Events of one artist's list; a malformed item is logged and skipped."""
    events: list[Event] = []
    for item in items:
        try:
            events.append(parse_event(item, artist))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            ident = item.get("id") if isinstance(item, dict) else None
            log.warning("bandsintown: skipped malformed event %s: %s: %s", ident, type(exc).__name__, exc)
    return events


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_event(item: dict[str, Any], artist: str = "") -> Event:
    """One Bandsintown event; raises on anything a card could not show."""
    event_id = str(item["id"])
    raw_start = datetime.fromisoformat(str(item.get("starts_at") or item["datetime"]))
    venue_raw = item["venue"]
    lat, lon = _float(venue_raw.get("latitude")), _float(venue_raw.get("longitude"))
    if not valid_coordinates(lat, lon):
        lat = lon = None
    tz_name = zone_at(lat, lon) if lat is not None and lon is not None else None
    if raw_start.tzinfo is not None:  # already an instant
        start = raw_start.astimezone(timezone.utc)
        local = start.astimezone(raw_start.tzinfo)
        local_date, local_time = local.date(), local.time().replace(tzinfo=None)
    else:
        local_date, local_time = raw_start.date(), raw_start.time()
        start = localize(local_date, local_time, tz_name)
    lineup = [str(n) for n in item.get("lineup") or [] if str(n).strip()]
    if not lineup and artist:
        lineup = [artist]
    venue = Venue(
        name=str(venue_raw.get("name") or "Venue to be announced"),
        city=str(venue_raw.get("city") or ""),
        country=str(venue_raw.get("country") or ""),
        region=str(venue_raw.get("region") or ""),
        address=str(venue_raw.get("street_address") or venue_raw.get("location") or ""),
        lat=lat, lon=lon, timezone=tz_name,
    )
    url = str(item.get("url") or "")
    tickets = [
        TicketLink(source="bandsintown", url=str(o["url"]), label=str(o.get("type") or "Tickets"), status=str(o.get("status") or ""))
        for o in item.get("offers") or [] if isinstance(o, dict) and o.get("url")
    ]
    if not tickets and url:
        tickets = [TicketLink(source="bandsintown", url=url, label="Bandsintown")]
    title = str(item.get("title") or "").strip() or (f"{lineup[0]} at {venue.name}" if lineup else venue.name)
    artist_raw = item.get("artist") if isinstance(item.get("artist"), dict) else {}
    artist_id = str(item.get("artist_id") or (artist_raw or {}).get("id") or "")
    billed = str((artist_raw or {}).get("name") or artist or (lineup[0] if lineup else ""))
    performers = [Performer(name=billed, source_id=f"bit:{artist_id}" if artist_id else "",
                            spotify_id=_spotify_link((artist_raw or {}).get("links")))] if billed else []
    return Event(
        id=f"bit:{event_id}", source="bandsintown", name=title, start=start,
        local_date=local_date, local_time=local_time, venue=venue, lineup=lineup,
        artist_ids=[f"bit:{artist_id}"] if artist_id else [], url=url,
        image=str((artist_raw or {}).get("image_url") or ""), tickets=tickets,
        performers=performers, onsale_at=_instant(item.get("on_sale_datetime"), tz_name),
    )


def _spotify_link(links: Any) -> str:
    """The Spotify artist id among an artist's `links` (`{"type": "spotify", "url": …}`), or ""."""
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and str(link.get("type", "")).lower() == "spotify":
            match = _SPOTIFY_ARTIST.search(str(link.get("url") or ""))
            if match:
                return match.group(1)
    return ""


def _instant(raw: Any, tz_name: str | None) -> datetime | None:
    """A Bandsintown venue-local time (no zone) as aware UTC; None when absent or unreadable."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment.astimezone(timezone.utc)
    return localize(moment.date(), moment.time(), tz_name)


__all__ = ["BandsintownSource", "EventQuery", "artist_path", "parse_events"]
