"""Small builders for events tests."""

from __future__ import annotations

from datetime import date, time

from services.events.timezones import localize
from services.events.types import Event, TicketLink, Venue


def make_event(
    source: str = "ticketmaster",
    ident: str = "1",
    lineup: tuple[str, ...] = ("Neon Harbor",),
    day: date = date(2030, 6, 14),
    at: time | None = time(20, 0),
    venue: str = "Paradiso",
    lat: float | None = 52.3622,
    lon: float | None = 4.8838,
    tz: str = "Europe/Amsterdam",
    city: str = "Amsterdam",
    genres: tuple[str, ...] = (),
    url: str | None = None,
) -> Event:
    link = url or f"https://{source}.example/{ident}"
    return Event(
        id=f"{source}:{ident}", source=source, name=f"{lineup[0]} live" if lineup else "Night", start=localize(day, at, tz),
        local_date=day, local_time=at, lineup=list(lineup), genres=list(genres),
        venue=Venue(name=venue, city=city, country="NL", lat=lat, lon=lon, timezone=tz),
        tickets=[TicketLink(source=source, url=link)], url=link,
    )
