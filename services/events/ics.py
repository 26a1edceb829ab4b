"""Add-to-calendar: an RFC 5545 `.ics` for one or more events.

Times are written in UTC (`...Z`), which every calendar converts to the reader's zone;
the venue's own local time and zone are stated in the description. An event without a
start time becomes an all-day entry on the venue's local date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from services.db import utcnow
from services.events.types import SOURCE_LABELS, Event

PRODID = "-//Simple Balance Music//Events//EN"
DEFAULT_LENGTH = timedelta(hours=3)


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1) without splitting a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: Event, stamp: datetime, domain: str = "simplebalance.music") -> list[str]:
    """The VEVENT of one event, unfolded."""
    uid = f"{event.id.replace(':', '-')}@{domain}"
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_utc(stamp)}"]
    if event.local_time is None:
        lines.append(f"DTSTART;VALUE=DATE:{event.local_date.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(event.local_date + timedelta(days=1)).strftime('%Y%m%d')}")
    else:
        lines.append(f"DTSTART:{_utc(event.start)}")
        lines.append(f"DTEND:{_utc(event.start + DEFAULT_LENGTH)}")
    lines.append(f"SUMMARY:{escape_text(event.name)}")
    venue = event.venue
    where = ", ".join(p for p in (venue.name, venue.address, venue.city, venue.country) if p)
    lines.append(f"LOCATION:{escape_text(where)}")
    if venue.lat is not None and venue.lon is not None:
        lines.append(f"GEO:{venue.lat:.6f};{venue.lon:.6f}")
    when = event.local_date.isoformat() + (f" {event.local_time.strftime('%H:%M')}" if event.local_time else "")
    description = [f"{when} local time" + (f" ({venue.timezone})" if venue.timezone else "")]
    if event.lineup:
        description.append("Lineup: " + ", ".join(event.lineup))
    for ticket in event.tickets:
        description.append(f"Tickets ({SOURCE_LABELS.get(ticket.source, ticket.source)}): {ticket.url}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    url = event.url or next((t.url for t in event.tickets), "")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:" + ("CANCELLED" if event.status.lower() in ("cancelled", "canceled") else "CONFIRMED"))
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], name: str = "Concerts") -> str:
    """A complete VCALENDAR (CRLF line ends, folded lines) holding the events."""
    stamp = utcnow()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines.extend(event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def ics_filename(event: Event) -> str:
    """A safe download name, e.g. `2026-12-05-artist-at-venue.ics`."""
    slug = "".join(c if c.isalnum() else "-" for c in event.name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{event.local_date.isoformat()}-{slug[:60] or 'event'}.ics"
