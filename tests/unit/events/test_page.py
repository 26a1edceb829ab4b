"""What the events page asks of the services: its form read into a search, a result
worded for the page, cards, the daily news line and the "why go" note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from services.events import page
from services.events.cards import event_card, price_text
from services.events.demo import DemoEventSource
from services.events.errors import InvalidSearch
from services.events.finder import SearchRequest, find_events
from services.events.models import SavedPlace
from services.events.types import Event, PriceRange, Venue

pytestmark = pytest.mark.usefixtures("db")

ARTISTS = [(f"art{i}", f"Artist Number {i}", (("techno", "jazz")[i % 2],)) for i in range(200)]


def _event(**changes: object) -> Event:
    return Event(
        id="tm:1", source="ticketmaster", name="Night", start=datetime(2026, 12, 5, 19, 0, tzinfo=timezone.utc), local_date=date(2026, 12, 5),
        venue=Venue(name="Hall", city="Berlin", country="Germany", lat=52.5, lon=13.4, timezone="Europe/Berlin"),
        **changes,  # type: ignore[arg-type]
    )


def test_the_form_becomes_a_search_or_names_the_field_it_cannot_read() -> None:
    form = page.SearchForm(place="Berlin", radius=" 12,5 ", start_date="2026-12-01", end_date="", genre="any",
                           sort="nonsense", my_artists=["Ada"])
    req = form.request()
    assert (req.place, req.radius, req.start, req.end, req.genre, req.sort) == ("Berlin", 12.5, date(2026, 12, 1), None, "", "date")
    assert req.my_artists == ["Ada"]
    here = page.SearchForm(place="ignored", here=(52.5, 13.4)).request()
    assert (here.place, here.lat, here.lon) == ("", 52.5, 13.4)
    with pytest.raises(InvalidSearch) as bad:
        page.SearchForm(radius="far").request()
    assert bad.value.field == "radius" and "1–500 km" in bad.value.message
    with pytest.raises(InvalidSearch) as bad_date:
        page.SearchForm(end_date="31/12/2026").request()
    assert bad_date.value.field == "end"


def test_radius_hints_defaults_and_unit_switches() -> None:
    assert page.radius_hint("mi") == "0.6–311 mi"
    assert page.convert_radius("50", "km", "mi") == "31" and page.convert_radius("31", "mi", "km") == "50"
    assert page.convert_radius("0.2", "km", "mi") == "1"  # never below 1
    assert page.convert_radius("?", "km", "mi") == page.DEFAULT_RADIUS["mi"]
    assert page.default_dates(date(2026, 12, 4)) == ("2026-12-04", "2027-03-04")


def test_a_result_worded_for_the_page() -> None:
    demo = DemoEventSource(artists=lambda: ARTISTS)
    req = SearchRequest(place="Berlin", radius=300, my_artists=["Artist Number 1"])
    result = find_events(req, sources=[demo])
    shown = page.show(result, req)
    assert len(shown.cards) == len(shown.found) == len(result.found) > 1
    assert shown.summary.startswith(f"{len(shown.cards)} concerts within 300 km of Berlin, Germany · ")
    mine = sum(1 for c in shown.cards if c.mine)
    assert (f" · {mine} with your artists" in shown.summary) == bool(mine)
    assert shown.place == "Berlin, Germany" and shown.genres and shown.mode == "demo"
    only = replace(req, genre="techno")
    assert page.show(result, only).genres is None  # a genre filter keeps the options it came from


def test_cards_show_money_times_and_trouble_the_way_people_read_them() -> None:
    card = event_card(_event(local_time=datetime(2026, 12, 5, 20, 0).time(), status="cancelled",
                             price=PriceRange(min=35, max=80.5, currency="EUR")))
    assert (card.date, card.time, card.zone, card.day, card.month) == ("Sat 5 Dec 2026", "20:00", "CET", "5", "Dec")
    assert card.status == "Cancelled" and card.price == "€35–€80.50" and card.position == (52.5, 13.4)
    assert price_text(_event(price=PriceRange(min=120, max=None, currency="USD"))) == "from $120"
    assert price_text(_event(price=PriceRange(min=9.5, max=None, currency=""))) == "from 9.50"
    assert price_text(_event()) == "" and event_card(_event(status="onsale")).status == ""


def test_watched_places_and_the_daily_news_line() -> None:
    place = SavedPlace(id=3, user_id=1, name="Lisbon, Portugal", lat=38.7, lon=-9.1, radius_km=80.4)
    assert [(p.id, p.name, p.radius) for p in page.watched_places([place])] == [("3", "Lisbon, Portugal", "80 km")]
    assert page.news_text(0, ["A"]) == ""
    assert page.news_text(1, ["Solo"]) == "1 new concert for you: Solo"
    assert page.news_text(5, ["A", "B", "C", "D"]) == "5 new concerts for you: A, B, C…"
    assert page.news_text(2, []) == "2 new concerts for you"


def test_why_go_is_written_offline_without_a_key() -> None:
    text = page.why_go(1, _event(lineup=["Ada"], genres=["techno"]), 12.0)
    assert len(text) > 20 and any(word in text for word in ("Night", "Ada", "Hall", "Berlin", "techno"))
