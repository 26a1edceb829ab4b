"""TicketmasterSource (httpx) against a local fake Discovery v2 API."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest

from services.config import get_settings
from services.events import sources as sources_module
from services.events.errors import InvalidApiKey, QuotaExhausted, RateLimited
from services.events.finder import SearchRequest, find_events
from services.events.quota import ticketmaster_limiter
from services.events.source import EventQuery
from services.events.ticketmaster import TicketmasterSource
from tests.fakeapi import FakeAPI, Request, Response

pytestmark = pytest.mark.usefixtures("db")
PATH = r"/discovery/v2/events\.json"


def tm_event(n: int, *, lat: float = 48.8700, lon: float = 2.3283, artist: str = "Neon Harbor") -> dict:
    return {
        "id": f"G5v{n}", "name": f"{artist} - Tour {n}", "url": f"https://www.ticketmaster.fr/event/{n}",
        "images": [{"ratio": "3_2", "url": "https://img/small.jpg", "width": 305},
                   {"ratio": "16_9", "url": "https://img/wide.jpg", "width": 2048}],
        "dates": {"start": {"localDate": "2030-06-14", "localTime": "20:00:00", "dateTime": "2030-06-14T18:00:00Z"},
                  "timezone": "Europe/Paris", "status": {"code": "onsale"}},
        "classifications": [{"segment": {"name": "Music"}, "genre": {"name": "Rock"}, "subGenre": {"name": "Alternative Rock"}}],
        "priceRanges": [{"type": "standard", "currency": "EUR", "min": 39.5, "max": 89.0}],
        "_embedded": {
            "venues": [{"name": "L'Olympia", "city": {"name": "Paris"}, "country": {"countryCode": "FR"},
                        "address": {"line1": "28 Boulevard des Capucines"}, "timezone": "Europe/Paris",
                        "location": {"latitude": str(lat), "longitude": str(lon)}}],
            "attractions": [{"id": "K8vZ917", "name": artist}, {"id": "K8vZ918", "name": "Support"}],
        },
    }


def page_body(events: list[dict], number: int, total_pages: int, size: int) -> dict:
    return {"_embedded": {"events": events}, "page": {"size": size, "totalElements": total_pages * size,
                                                       "totalPages": total_pages, "number": number}}


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    with FakeAPI() as fake:
        yield fake


def source(api: FakeAPI, key: str = "good-key", **limits: object) -> TicketmasterSource:
    return TicketmasterSource(api_key=key, base_url=api.url + "/discovery/v2/",
                              limiter=ticketmaster_limiter(**limits), sleep=lambda s: None)


def test_query_parameters_and_every_field_parsed(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json(page_body([tm_event(1)], 0, 1, 20))

    query = EventQuery(lat=48.8566, lon=2.3522, radius_km=30, start=datetime(2030, 6, 1, tzinfo=timezone.utc),
                       end=datetime(2030, 6, 30, 23, 59, 59, tzinfo=timezone.utc), genre="Rock", sort="distance", limit=20)
    [event] = source(api).search(query)

    [call] = api.calls("GET", PATH)
    q = {k: v[0] for k, v in call.query.items()}
    assert q["apikey"] == "good-key" and q["classificationName"] == "music"
    assert q["latlong"] == "48.8566,2.3522" and q["radius"] == "30" and q["unit"] == "km"
    assert q["startDateTime"] == "2030-06-01T00:00:00Z" and q["endDateTime"] == "2030-06-30T23:59:59Z"
    assert q["sort"] == "distance,asc" and q["genreId"] == "KnvZfZ7vAeA" and q["size"] == "20" and q["page"] == "0"
    assert event.id == "tm:G5v1" and event.name == "Neon Harbor - Tour 1"
    assert event.start == datetime(2030, 6, 14, 18, 0, tzinfo=timezone.utc) and str(event.local_time) == "20:00:00"
    assert event.venue.name == "L'Olympia" and event.venue.address == "28 Boulevard des Capucines"
    assert (event.venue.lat, event.venue.lon, event.venue.timezone) == (48.87, 2.3283, "Europe/Paris")
    assert event.lineup == ["Neon Harbor", "Support"] and event.artist_ids == ["tm:K8vZ917", "tm:K8vZ918"]
    assert event.image == "https://img/wide.jpg" and event.genres == ["Rock", "Alternative Rock"]
    assert event.price and (event.price.min, event.price.max, event.price.currency) == (39.5, 89.0, "EUR")
    assert [t.url for t in event.tickets] == ["https://www.ticketmaster.fr/event/1"]


@pytest.mark.parametrize("limit", [1000, 5000])
def test_paging_stays_within_size_200_and_size_times_page_below_1000(api: FakeAPI, limit: int) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        size, page = int(req.arg("size") or 0), int(req.arg("page") or 0)
        if size > 200 or size * page >= 1000:
            return Response.json({"errors": [{"code": "DIS1035", "detail": "API Limits Exceeded"}]}, 400)
        return Response.json(page_body([tm_event(page * size + i) for i in range(size)], page, 40, size))

    found = source(api).search(EventQuery(keyword="rock", limit=limit))
    pages = [(int(c.arg("size") or 0), int(c.arg("page") or 0)) for c in api.calls("GET", PATH)]
    assert pages == [(200, p) for p in range(5)]
    assert len(found) == 1000 and len({e.id for e in found}) == 1000


def test_stops_at_the_last_page(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        page = int(req.arg("page") or 0)
        return Response.json(page_body([tm_event(page * 200 + i) for i in range(200 if page == 0 else 13)], page, 2, 200))

    assert len(source(api).search(EventQuery(limit=1000))) == 213 and len(api.calls()) == 2


def test_a_429_is_retried_once_then_reported(api: FakeAPI) -> None:
    answers = [Response.json({"fault": {"faultstring": "Spike arrest violation"}}, 429, **{"Retry-After": "1"}),
               Response.json(page_body([tm_event(1)], 0, 1, 200))]

    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return answers.pop(0) if answers else Response.json({"fault": {"faultstring": "Rate limit"}}, 429)

    assert len(source(api).search(EventQuery())) == 1 and len(api.calls()) == 2
    with pytest.raises(RateLimited):
        source(api).search(EventQuery())
    assert len(api.calls()) == 4


def test_a_long_retry_after_is_not_waited_for(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json({"fault": {"faultstring": "Rate limit quota violation"}}, 429, **{"Retry-After": "3600"})

    with pytest.raises(RateLimited) as err:
        source(api).search(EventQuery())
    assert err.value.retry_after == 3600 and len(api.calls()) == 1


def test_malformed_items_are_skipped_and_logged(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    broken_date = tm_event(2)
    broken_date["dates"]["start"] = {"localDate": "not-a-date"}
    no_dates = tm_event(3)
    del no_dates["dates"]
    bad_coords = tm_event(4)
    bad_coords["_embedded"]["venues"][0]["location"] = {"latitude": "n/a", "longitude": ""}

    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json(page_body([tm_event(1), broken_date, "junk", no_dates, bad_coords], 0, 1, 200))

    with caplog.at_level(logging.WARNING, logger="services.events.ticketmaster"):
        found = source(api).search(EventQuery())
    assert [e.id for e in found] == ["tm:G5v1", "tm:G5v4"]
    assert found[1].venue.lat is None  # kept, just not on the map
    skipped = [r.getMessage() for r in caplog.records if "skipped malformed" in r.getMessage()]
    assert len(skipped) == 3 and any("G5v2" in m for m in skipped) and any("G5v3" in m for m in skipped)


def test_an_invalid_key_is_a_clear_typed_error(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json({"fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}}, 401)

    with pytest.raises(InvalidApiKey, match="Ticketmaster API key was rejected: Invalid ApiKey"):
        source(api, key="bad").search(EventQuery())


def test_our_daily_quota_stops_requests_before_ticketmaster_does(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json(page_body([tm_event(1)], 0, 1, 200))

    tm = source(api, daily_limit=2)
    tm.search(EventQuery())
    tm.search(EventQuery(keyword="x"))
    with pytest.raises(QuotaExhausted):
        tm.search(EventQuery(keyword="y"))
    assert len(api.calls()) == 2


def test_live_search_through_the_settings_is_cached_for_15_minutes_and_never_uses_demo_data(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json(page_body([tm_event(1), tm_event(2, lat=48.8386, lon=2.3786, artist="Velvet Static")], 0, 1, 200))

    monkeypatch.setenv("TICKETMASTER_API_KEY", "from-env")
    monkeypatch.setenv("TICKETMASTER_BASE_URL", api.url + "/discovery/v2/")
    get_settings.cache_clear()
    try:
        request = SearchRequest(place="Paris", radius=20, start=date(2030, 6, 1), end=date(2030, 6, 30))
        first = find_events(request, today=date(2030, 5, 1))
        second = find_events(request, today=date(2030, 5, 1))
        assert first.mode == "live" and first.sources == ["ticketmaster"]
        assert [f.event.id for f in first.found] == [f.event.id for f in second.found] == ["tm:G5v1", "tm:G5v2"]
        assert len(api.calls()) == 1 and api.calls()[0].arg("apikey") == "from-env"

        @api.route("GET", PATH)
        def refused(req: Request) -> Response:
            return Response.json({"fault": {"faultstring": "Invalid ApiKey"}}, 401)

        with pytest.raises(InvalidApiKey):  # no silent switch to the demo events
            find_events(SearchRequest(place="Lyon", radius=20), today=date(2030, 5, 1))
        assert [s.name for s in sources_module.get_sources()] == ["ticketmaster"]
    finally:
        get_settings.cache_clear()
