"""Searching the demo events as a person would on the /events page."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from services.config import get_settings
from services.events import sources as sources_module
from services.events.demo import DemoEventSource
from services.events.demo_venues import CITIES
from services.events.errors import InvalidSearch, UnknownPlace
from services.events.finder import SearchRequest, find_events
from services.events.gazetteer import find_place
from services.events.geo import haversine_km
from services.db import utcnow  # the project's clock (frozen by time-machine in tests)

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]

GENRES = ("indie rock", "techno", "jazz", "hip hop", "folk", "synthpop")
ARTISTS = [(f"art{i}", f"Artist Number {i}", (GENRES[i % len(GENRES)],)) for i in range(400)]


@pytest.fixture(scope="module")
def demo() -> DemoEventSource:
    return DemoEventSource(artists=lambda: ARTISTS)


def test_demo_source_has_hundreds_of_upcoming_events_in_forty_real_cities(demo: DemoEventSource) -> None:
    events = demo.events()
    now = utcnow()
    assert len(events) >= 500 and all(e.start >= now for e in events)
    assert len({e.venue.city for e in events}) >= 40 and len(CITIES) >= 40
    for e in events[:50]:
        city = next(c for c in CITIES if c.city == e.venue.city)
        place = find_place(f"{city.city}, {city.country}")
        assert place is not None and haversine_km(place.lat, place.lon, e.venue.lat, e.venue.lon) < 40  # type: ignore[arg-type]
        assert set(e.lineup) <= {name for _, name, _ in ARTISTS}
    assert len({e.id for e in events}) == len(events)


def test_demo_events_keep_their_id_and_date_from_one_day_to_the_next() -> None:
    today = utcnow().date()
    a = DemoEventSource(artists=lambda: ARTISTS, today=lambda: today).events()
    b = DemoEventSource(artists=lambda: ARTISTS, today=lambda: today + timedelta(days=1)).events()
    by_id = {e.id: e.local_date for e in a}
    shared = [e for e in b if e.id in by_id]
    assert len(shared) > 0.9 * len(b) and all(by_id[e.id] == e.local_date for e in shared)


def test_city_search_returns_events_inside_the_radius_sorted_by_date(demo: DemoEventSource) -> None:
    result = find_events(SearchRequest(place="London", radius=25, end=utcnow().date() + timedelta(days=179)), sources=[demo])
    assert result.found and result.place and result.place.name == "London" and result.mode == "demo"
    assert all(f.distance_km is not None and f.distance_km <= 25 for f in result.found)
    starts = [f.event.start for f in result.found]
    assert starts == sorted(starts)
    assert {f.event.venue.city for f in result.found} == {"London"}


def test_distance_sort_and_miles(demo: DemoEventSource) -> None:
    result = find_events(SearchRequest(place="Amsterdam", radius=120, unit="mi", sort="distance",
                                       end=utcnow().date() + timedelta(days=179)), sources=[demo])
    distances = [f.distance_km for f in result.found]
    assert distances == sorted(distances) and max(distances) <= 120 * 1.609344  # type: ignore[type-var, operator]
    assert {"Amsterdam", "Brussels"} <= {f.event.venue.city for f in result.found}
    assert result.radius == 120


def test_only_my_artists_and_relevance_put_my_artists_first(demo: DemoEventSource) -> None:
    events = demo.events()
    berlin = [e for e in events if e.venue.city == "Berlin"]
    mine = berlin[0].lineup[0]
    end = utcnow().date() + timedelta(days=179)
    only = find_events(SearchRequest(place="Berlin", radius=30, end=end, my_artists=[mine], only_my_artists=True), sources=[demo])
    assert only.found and all(mine in f.event.lineup for f in only.found) and all(f.mine for f in only.found)
    ranked = find_events(SearchRequest(place="Berlin", radius=30, end=end, my_artists=[mine], sort="relevance"), sources=[demo])
    assert len(ranked.found) > len(only.found) and ranked.found[0].mine


def test_genre_and_date_range_filters(demo: DemoEventSource) -> None:
    start = utcnow().date() + timedelta(days=10)
    end = start + timedelta(days=30)
    result = find_events(SearchRequest(place="New York", radius=400, start=start, end=end, genre="Techno"), sources=[demo])
    assert result.found  # the demo's density guarantee (test_demo_density.py): any date, any major genre
    assert all(start <= f.event.local_date <= end and "techno" in f.event.genres for f in result.found)


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (SearchRequest(place="Paris", radius=0), "radius"),
        (SearchRequest(place="Paris", radius=501), "radius"),
        (SearchRequest(place="Paris", radius=320, unit="mi"), "radius"),
        (SearchRequest(), "place"),
        (SearchRequest(lat=95, lon=0), "location"),
        (SearchRequest(place="Paris", start=date(2030, 5, 2), end=date(2030, 5, 1)), "end"),
        (SearchRequest(place="Paris", only_my_artists=True), "only_my_artists"),
    ],
)
def test_bad_searches_are_refused_with_the_field_to_fix(request_: SearchRequest, field: str, demo: DemoEventSource) -> None:
    with pytest.raises(InvalidSearch) as err:
        find_events(request_, sources=[demo])
    assert err.value.field == field and err.value.message


def test_an_unknown_place_says_so_and_suggests(demo: DemoEventSource) -> None:
    with pytest.raises(UnknownPlace) as err:
        find_events(SearchRequest(place="Barcelna"), sources=[demo])
    assert "Barcelona, Spain" in err.value.suggestions and "Barcelna" in err.value.message


def test_browser_location_works_without_a_place_name(demo: DemoEventSource) -> None:
    result = find_events(SearchRequest(lat=35.6895, lon=139.6917, radius=30, end=utcnow().date() + timedelta(days=179)), sources=[demo])
    assert result.place is None and result.found and {f.event.venue.city for f in result.found} <= {"Tokyo"}


def test_live_mode_never_falls_back_to_demo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETMASTER_API_KEY", "k")
    get_settings.cache_clear()
    try:
        names = [s.name for s in sources_module.get_sources()]
        assert names == ["ticketmaster"] and sources_module.events_mode() == "live"
    finally:
        monkeypatch.delenv("TICKETMASTER_API_KEY")
        get_settings.cache_clear()
    assert [s.name for s in sources_module.get_sources()] == ["demo"]


def test_cards_markers_and_genre_options_for_the_page(demo: DemoEventSource) -> None:
    from services.events.cards import event_card, genre_options

    result = find_events(SearchRequest(place="Chicago", radius=20, unit="mi", end=utcnow().date() + timedelta(days=179)), sources=[demo])
    assert result.found
    card = event_card(result.found[0], "mi")
    assert card.distance.endswith(" mi") and card.zone in ("CST", "CDT")
    assert card.price.startswith("$") and card.sources == ("Demo data",)
    assert all(-90 <= event_card(f).position[0] <= 90 for f in result.found)
    options = genre_options(result.found)
    assert options and set(options) <= set(GENRES)


def test_only_my_artists_looks_past_the_first_page_of_results(demo: DemoEventSource) -> None:
    end = utcnow().date() + timedelta(days=179)
    everything = find_events(SearchRequest(place="Paris", radius=400, end=end, limit=1000), sources=[demo]).found
    assert len(everything) > 20
    late = everything[-1].event  # the last concert of the period near Paris
    mine = find_events(SearchRequest(place="Paris", radius=400, end=end, limit=20, my_artists=[late.lineup[0]],
                                     only_my_artists=True), sources=[demo])
    assert late.id in {f.event.id for f in mine.found}


def test_today_is_the_searched_places_own_date() -> None:
    from zoneinfo import ZoneInfo

    from services.events.finder import local_today

    new_year_utc = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    assert local_today(35.68, 139.69, now=new_year_utc) == date(2027, 1, 1)  # Tokyo is in the new year
    assert local_today(34.05, -118.24, now=new_year_utc) == date(2026, 12, 31)  # Los Angeles is not
    now = utcnow()  # the sweep's instant
    assert local_today(-36.85, 174.76) == now.astimezone(ZoneInfo("Pacific/Auckland")).date()
    assert local_today(21.31, -157.86) == now.astimezone(ZoneInfo("Pacific/Honolulu")).date()
    assert local_today(0.0, -140.0) == now.astimezone(ZoneInfo("Etc/GMT+9")).date()  # at sea: the nautical zone


def test_a_search_starts_today_where_the_concerts_are(demo: DemoEventSource) -> None:
    from zoneinfo import ZoneInfo

    result = find_events(SearchRequest(place="Tokyo", radius=30), sources=[demo])
    assert result.start == utcnow().astimezone(ZoneInfo("Asia/Tokyo")).date()
    assert result.end == result.start + timedelta(days=90) and not result.notices


def test_past_dates_are_explained_never_an_empty_page_without_a_reason(demo: DemoEventSource) -> None:
    today = utcnow().date()
    with pytest.raises(InvalidSearch) as err:
        find_events(SearchRequest(place="Paris", start=today - timedelta(days=40), end=today - timedelta(days=10)), sources=[demo])
    assert err.value.field == "end" and "over" in err.value.message
    result = find_events(SearchRequest(place="Paris", radius=100, start=today - timedelta(days=30), end=today + timedelta(days=30)), sources=[demo])
    assert result.found and result.start >= today and all(f.event.local_date >= result.start for f in result.found)
    assert any("showing from today" in n for n in result.notices)


def test_demo_searches_past_the_demo_range_say_so(demo: DemoEventSource) -> None:
    today = utcnow().date()
    result = find_events(SearchRequest(place="Berlin", radius=50, start=today, end=today + timedelta(days=300)), sources=[demo])
    assert result.found and any("next 180 days" in n for n in result.notices)
    assert max(f.event.local_date for f in result.found) < today + timedelta(days=182)
