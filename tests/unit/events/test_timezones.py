"""Venue time: an event shows the venue's clock and sorts by the true instant."""

from __future__ import annotations

import pytest

from datetime import date, datetime, time, timezone

from services.events.bandsintown import parse_event as parse_bit
from services.events.cards import event_card
from services.events.finder import SearchRequest, find_events
from services.events.ticketmaster import parse_event as parse_tm
from tests.unit.events.helpers import make_event

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep


def _tm(local_date: str, local_time: str | None, tz: str | None, date_time: str | None = None) -> dict:
    start = {"localDate": local_date, **({"localTime": local_time} if local_time else {}), **({"dateTime": date_time} if date_time else {})}
    return {"id": "X", "name": "Show", "dates": {"start": start, **({"timezone": tz} if tz else {})},
            "_embedded": {"venues": [{"name": "Hall", "location": {"latitude": "40.75", "longitude": "-73.99"}}]}}


def test_ticketmaster_local_time_in_summer_and_winter_gives_the_right_utc_instant() -> None:
    summer = parse_tm(_tm("2030-07-04", "20:00:00", "America/New_York"))
    winter = parse_tm(_tm("2030-12-04", "20:00:00", "America/New_York"))
    assert summer.start == datetime(2030, 7, 5, 0, 0, tzinfo=timezone.utc)  # EDT, UTC-4
    assert winter.start == datetime(2030, 12, 5, 1, 0, tzinfo=timezone.utc)  # EST, UTC-5
    assert summer.local_date == date(2030, 7, 4) and summer.local_time == time(20, 0)


def test_ticketmaster_without_a_zone_takes_it_from_the_venue_coordinates() -> None:
    event = parse_tm(_tm("2030-07-04", "20:00:00", None))
    assert event.venue.timezone == "America/New_York"
    assert event.start == datetime(2030, 7, 5, 0, 0, tzinfo=timezone.utc)


def test_ticketmaster_utc_datetime_wins_and_the_card_shows_the_venue_clock() -> None:
    event = parse_tm(_tm("2030-07-04", "20:00:00", "America/New_York", "2030-07-05T00:00:00Z"))
    card = event_card(event)
    assert (card.date, card.time, card.zone) == ("Thu 4 Jul 2030", "20:00", "EDT")


def test_bandsintown_venue_local_time_is_placed_in_the_zone_of_its_coordinates() -> None:
    item = {"id": "9", "datetime": "2030-03-01T19:00:00", "lineup": ["Yuna Sato"],
            "venue": {"name": "Nippon Budokan", "city": "Tokyo", "country": "Japan", "latitude": "35.6933", "longitude": "139.7499"}}
    event = parse_bit(item)
    assert event.venue.timezone == "Asia/Tokyo"
    assert event.start == datetime(2030, 3, 1, 10, 0, tzinfo=timezone.utc)


def test_date_range_uses_the_venues_local_date_not_utc(db: None) -> None:
    from services.events.demo import DemoEventSource

    # 00:30 on 1 March in Sydney is still 28 February in UTC.
    late = make_event("demo", "late", day=date(2030, 3, 1), at=time(0, 30), lat=-33.8568, lon=151.2153,
                      tz="Australia/Sydney", city="Sydney", venue="Sydney Opera House")
    assert late.start.date() == date(2030, 2, 28)

    class One(DemoEventSource):
        def search(self, query):  # type: ignore[no-untyped-def]
            return [late]

    result = find_events(SearchRequest(place="Sydney", radius=20, start=date(2030, 3, 1), end=date(2030, 3, 1)),
                         sources=[One()], today=date(2030, 1, 1))
    assert [f.event.id for f in result.found] == ["demo:late"]
    result = find_events(SearchRequest(place="Sydney", radius=20, start=date(2030, 2, 28), end=date(2030, 2, 28)),
                         sources=[One()], today=date(2030, 1, 1))
    assert result.found == []
