"""An event as the card and the map marker show it: plain strings and numbers only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.events.geo import Unit, from_km
from services.events.timezones import to_local
from services.events.types import SOURCE_LABELS, Event, Found

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "BRL": "R$",
            "MXN": "MX$", "KRW": "₩", "INR": "₹", "CHF": "CHF ", "SGD": "S$", "ZAR": "R"}


def price_text(event: Event) -> str:
    """"€35–€80", "from $20", or "" when unknown."""
    price = event.price
    if price is None or (price.min is None and price.max is None):
        return ""
    sym = _SYMBOLS.get(price.currency, f"{price.currency} " if price.currency else "")

    def money(v: float) -> str:
        return f"{sym}{v:,.0f}" if v >= 100 or v == int(v) else f"{sym}{v:,.2f}"

    if price.min is not None and price.max is not None and price.max > price.min:
        return f"{money(price.min)}–{money(price.max)}"
    return f"from {money(price.min if price.min is not None else price.max or 0)}"


def when_text(event: Event) -> tuple[str, str, str]:
    """(date, time, zone abbreviation) on the venue's clock, e.g. ("Sat 5 Dec 2026", "20:00", "CET")."""
    day = f"{event.local_date:%a} {event.local_date.day} {event.local_date:%b %Y}"
    if event.local_time is None:
        return day, "", ""
    local = to_local(event.start, event.venue.timezone)
    return day, event.local_time.strftime("%H:%M"), local.tzname() or ""


def event_card(found: Found | Event, unit: Unit = "km", saved_ids: set[str] | None = None) -> dict[str, Any]:
    """Everything one card (and its map marker) needs, as JSON-friendly values."""
    hit = found if isinstance(found, Found) else Found(event=found)
    e = hit.event
    day, clock, zone = when_text(e)
    distance = "" if hit.distance_km is None else f"{from_km(hit.distance_km, unit):.1f} {unit}"
    return {
        "id": e.id,
        "name": e.name,
        "image": e.image,
        "lineup": list(e.lineup),
        "venue": e.venue.name,
        "city": e.venue.city,
        "country": e.venue.country,
        "address": e.venue.address,
        "lat": e.venue.lat,
        "lon": e.venue.lon,
        "date": day,
        "time": clock,
        "zone": zone,
        "local_date": e.local_date.isoformat(),
        "start_utc": e.start.isoformat(),
        "price": price_text(e),
        "genres": list(e.genres),
        "sources": [SOURCE_LABELS.get(s, s) for s in e.sources],
        "tickets": [{"label": t.label, "url": t.url, "source": SOURCE_LABELS.get(t.source, t.source), "status": t.status}
                    for t in e.tickets],
        "url": e.url,
        "distance": distance,
        "mine": hit.mine,
        "saved": bool(saved_ids and e.id in saved_ids),
        "status": e.status,
    }


def genre_options(found: list[Found], limit: int = 20) -> list[str]:
    """The genres present in a result, most frequent first, for the genre filter."""
    counts = Counter(g for hit in found for g in hit.event.genres)
    return [g for g, _ in counts.most_common(limit)]


def map_markers(found: list[Found]) -> list[dict[str, Any]]:
    """One marker per located event (id, lat, lon, title, mine) for the map layer."""
    return [{"id": h.event.id, "lat": h.event.venue.lat, "lon": h.event.venue.lon, "title": h.event.name,
             "venue": h.event.venue.name, "mine": h.mine}
            for h in found if h.event.venue.lat is not None and h.event.venue.lon is not None]
