"""An event as the events page shows it (list row, map marker and popup, saved card):
typed view models of display-ready values, formatted here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from services import formatting
from services.events.geo import Unit
from services.events.timezones import to_local
from services.events.types import SOURCE_LABELS, Event, Found

_NOTABLE_STATUSES = ("cancelled", "canceled", "postponed", "rescheduled")


@dataclass(frozen=True, slots=True)
class TicketButton:
    """A ticket link on a card."""

    label: str
    url: str
    source: str  # "Ticketmaster", "Demo data"
    status: str = ""


@dataclass(frozen=True, slots=True)
class EventCard:
    """One event: the list's row, the map's marker (`position`) and popup, the saved card."""

    id: str
    name: str
    image: str
    lineup: tuple[str, ...]
    venue: str
    city: str
    country: str
    address: str
    position: tuple[float, float]  # (lat, lon): one array the map's markers keep
    day: str  # "27", on the venue's calendar
    month: str  # "Nov"
    date: str  # "Fri 27 Nov 2026"
    time: str  # "20:00" on the venue's clock ("" when unknown)
    zone: str  # "CET"
    price: str  # "€35–€80", "from $20", ""
    genres: tuple[str, ...]
    sources: tuple[str, ...]
    tickets: tuple[TicketButton, ...]
    distance: str  # "12.3 km" from the search centre ("" for a saved event)
    mine: bool  # one of my artists plays
    status: str  # "Cancelled", "Postponed", "" when it goes ahead
    ics_url: str  # "Add to calendar"
    located: bool = True  # False: the source gave no coordinates; listed, not mapped
    demo: bool = False  # generated demo data: no real tickets, and the card says why


@dataclass(frozen=True, slots=True)
class WatchedPlace:
    """A place the daily job watches for new concerts."""

    id: str
    name: str
    radius: str  # "50 km"


def price_text(event: Event) -> str:
    """"€35–€80", "from $20", or "" when unknown (whole amounts from 100 up, or when whole)."""
    price = event.price
    if price is None or (price.min is None and price.max is None):
        return ""

    def money(v: float) -> str:
        whole = v >= 100 or v == int(v)
        return formatting.money(v, price.currency, digits=0 if whole else 2) if price.currency else formatting.number(
            v, digits=0 if whole else 2)

    if price.min is not None and price.max is not None and price.max > price.min:
        return f"{money(price.min)}–{money(price.max)}"
    return f"from {money(price.min if price.min is not None else price.max or 0)}"


def when_text(event: Event) -> tuple[str, str, str]:
    """(date, time, zone abbreviation) on the venue's clock, e.g. ("Sat 5 Dec 2026", "20:00", "CET")."""
    day = formatting.weekday_date(event.local_date)
    if event.local_time is None:
        return day, "", ""
    local = to_local(event.start, event.venue.timezone)
    return day, formatting.time(event.local_time), formatting.zone_name(local)


def event_card(found: Found | Event, unit: Unit = "km") -> EventCard:
    """The card of an event (a search hit, with its distance, or a saved event)."""
    hit = found if isinstance(found, Found) else Found(event=found)
    e = hit.event
    day, clock, zone = when_text(e)
    status = e.status.title() if e.status.lower() in _NOTABLE_STATUSES else ""
    return EventCard(
        id=e.id,
        name=e.name,
        image=e.image,
        lineup=tuple(e.lineup),
        venue=e.venue.name,
        city=e.venue.city,
        country=e.venue.country,
        address=e.venue.address,
        position=(float(e.venue.lat or 0.0), float(e.venue.lon or 0.0)),
        day=str(e.local_date.day),
        month=formatting.month(e.local_date),
        date=day,
        time=clock,
        zone=zone,
        price=price_text(e),
        genres=tuple(e.genres[:3]),
        sources=tuple(SOURCE_LABELS.get(s, s) for s in e.sources),
        tickets=tuple(TicketButton(t.label, t.url, SOURCE_LABELS.get(t.source, t.source), t.status) for t in e.tickets),
        distance="" if hit.distance_km is None else formatting.distance(hit.distance_km, unit),
        mine=hit.mine,
        status=status,
        ics_url=f"/api/events/{quote(e.id, safe='')}.ics",
        located=e.venue.lat is not None and e.venue.lon is not None,
        demo=e.source == "demo",
    )


def genre_options(found: list[Found], limit: int = 20) -> list[str]:
    """The genres present in a result, most frequent first, for the genre filter."""
    counts = Counter(g for hit in found for g in hit.event.genres)
    return [g for g, _ in counts.most_common(limit)]
