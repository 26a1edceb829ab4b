"""Add to calendar: the .ics a calendar app imports."""

from __future__ import annotations

import pytest

from datetime import date, time

from services.events.ics import calendar, escape_text, ics_filename
from tests.unit.events.helpers import make_event

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_has_crlf_lines_of_at_most_75_octets_and_utc_times_of_the_venue_clock() -> None:
    event = make_event("ticketmaster", "A1", lineup=("Neon Harbor", "Ádám Kovács; the Bänd, Ltd.") + tuple(f"Guest {i}" for i in range(12)),
                       day=date(2030, 6, 14), at=time(20, 0))
    text = calendar([event])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines and lines[-2] == "END:VCALENDAR"
    assert "DTSTART:20300614T180000Z" in lines  # 20:00 in Amsterdam (CEST) is 18:00 UTC
    assert "DTEND:20300614T210000Z" in lines
    assert "GEO:52.362200;4.883800" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Ádám Kovács\\; the Bänd\\, Ltd." in description and "20:00 local time (Europe/Amsterdam)" in description
    assert "\\nTickets (Ticketmaster): https://ticketmaster.example/A1" in description


def test_text_escaping_follows_rfc_5545() -> None:
    assert escape_text('a\\b;c,d\ne') == "a\\\\b\\;c\\,d\\ne"


def test_an_event_without_a_time_is_an_all_day_entry_on_the_local_date() -> None:
    event = make_event("bandsintown", "B1", day=date(2030, 12, 31), at=None)
    lines = _unfold(calendar([event]))
    assert "DTSTART;VALUE=DATE:20301231" in lines and "DTEND;VALUE=DATE:20310101" in lines


def test_several_events_have_distinct_uids_and_a_safe_filename() -> None:
    a, b = make_event("ticketmaster", "A1"), make_event("bandsintown", "B/2")
    uids = [line for line in _unfold(calendar([a, b])) if line.startswith("UID:")]
    assert len(set(uids)) == 2
    assert ics_filename(b) == "2030-06-14-neon-harbor-live.ics"
