"""BandsintownSource (httpx) against a local fake Bandsintown REST API."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest

from services.config import get_settings
from services.events.bandsintown import BandsintownSource
from services.events.errors import InvalidApiKey, RateLimited
from services.events.finder import SearchRequest, find_events
from services.events.sources import get_sources
from tests.fakeapi import FakeAPI, Request, Response

pytestmark = pytest.mark.usefixtures("db")
PATH = r"/artists/(?P<name>.+)/events"


def bit_event(n: int, *, venue: str = "Paradiso", lat: str = "52.3622", lon: str = "4.8838", when: str = "2030-06-14T20:00:00") -> dict:
    return {
        "id": str(1000 + n), "artist_id": "510", "datetime": when, "title": "", "url": f"https://www.bandsintown.com/e/{1000 + n}",
        "venue": {"name": venue, "city": "Amsterdam", "region": "", "country": "Netherlands", "latitude": lat, "longitude": lon},
        "lineup": ["Neon Harbor", "Low Tide Club"],
        "offers": [{"type": "Tickets", "url": f"https://tickets.example/{n}", "status": "available"},
                   {"type": "VIP", "url": f"https://vip.example/{n}", "status": "sold out"}],
    }


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    with FakeAPI() as fake:
        yield fake


def source(api: FakeAPI, app_id: str = "sbm-app") -> BandsintownSource:
    return BandsintownSource(app_id=app_id, base_url=api.url + "/", sleep=lambda s: None)


def test_artist_events_with_lineup_offers_and_venue_time_zone(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json([bit_event(1)])

    [event] = source(api).artist_events("Neon Harbor")
    [call] = api.calls()
    assert call.path == "/artists/Neon%20Harbor/events" and call.arg("app_id") == "sbm-app" and call.arg("date") == "upcoming"
    assert event.id == "bit:1001" and event.name == "Neon Harbor at Paradiso"
    assert event.lineup == ["Neon Harbor", "Low Tide Club"] and event.artist_ids == ["bit:510"]
    assert [(t.label, t.url, t.status) for t in event.tickets] == [
        ("Tickets", "https://tickets.example/1", "available"), ("VIP", "https://vip.example/1", "sold out")]
    assert event.venue.timezone == "Europe/Amsterdam" and event.start == datetime(2030, 6, 14, 18, 0, tzinfo=timezone.utc)


def test_date_range_and_names_bandsintown_wants_double_escaped(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json([])

    source(api).artist_events("AC/DC", datetime(2030, 1, 1, tzinfo=timezone.utc), datetime(2030, 3, 31, tzinfo=timezone.utc))
    [call] = api.calls()
    assert call.path == "/artists/AC%252FDC/events" and call.arg("date") == "2030-01-01,2030-03-31"


def test_unknown_artist_is_no_events_not_an_error(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        if "Nobody" in req.path:
            return Response.json({"errorMessage": "[NotFound] The artist was not found"}, 404)
        return Response.json({"errorMessage": "[NotFound] The artist was not found"})

    assert source(api).artist_events("Nobody Atall") == []
    assert source(api).artist_events("Someone") == []


def test_malformed_items_are_skipped_and_logged(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    no_venue = bit_event(2)
    del no_venue["venue"]
    bad_date = bit_event(3, when="next tuesday")

    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json([bit_event(1), no_venue, 42, bad_date, bit_event(4, lat="", lon="")])

    with caplog.at_level(logging.WARNING, logger="services.events.bandsintown"):
        found = source(api).artist_events("Neon Harbor")
    assert [e.id for e in found] == ["bit:1001", "bit:1004"] and found[1].venue.lat is None
    assert len([r for r in caplog.records if "skipped malformed" in r.getMessage()]) == 3


def test_a_rejected_app_id_is_a_clear_typed_error(api: FakeAPI) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return Response.json({"errorMessage": "[Forbidden] Explicit deny"}, 403)

    with pytest.raises(InvalidApiKey, match="Bandsintown app id was rejected"):
        source(api, app_id="nope").artist_events("Neon Harbor")


def test_429_is_retried_once_then_reported(api: FakeAPI) -> None:
    answers = [Response.json({"errorMessage": "slow down"}, 429, **{"Retry-After": "0"}), Response.json([bit_event(1)])]

    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        return answers.pop(0) if answers else Response.json({"errorMessage": "slow down"}, 429)

    assert len(source(api).artist_events("Neon Harbor")) == 1
    with pytest.raises(RateLimited):
        source(api).artist_events("Neon Harbor")
    assert len(api.calls()) == 4


def test_my_artists_search_asks_bandsintown_per_artist_caches_6_hours_and_merges(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    @api.route("GET", PATH)
    def events(req: Request) -> Response:
        if "Neon" in req.path:  # the same concert listed twice, 120 m apart, plus one in Utrecht
            return Response.json([bit_event(1), bit_event(2, lat="52.3632", lon="4.8843"),
                                  bit_event(3, venue="TivoliVredenburg", lat="52.0907", lon="5.1214")])
        return Response.json([])

    monkeypatch.setenv("BANDSINTOWN_APP_ID", "env-app")
    monkeypatch.setenv("BANDSINTOWN_BASE_URL", api.url + "/")
    get_settings.cache_clear()
    try:
        assert [s.name for s in get_sources()] == ["bandsintown"]
        request = SearchRequest(place="Amsterdam", radius=15, start=date(2030, 6, 1), end=date(2030, 6, 30),
                                my_artists=["Neon Harbor", "Velvet Static"], only_my_artists=True)
        result = find_events(request, today=date(2030, 5, 1))
        again = find_events(request, today=date(2030, 5, 1))
        assert [f.event.id for f in result.found] == [f.event.id for f in again.found] == ["bit:1001"]
        assert len(result.found[0].event.tickets) == 4 and result.found[0].mine
        assert sorted(c.path for c in api.calls()) == ["/artists/Neon%20Harbor/events", "/artists/Velvet%20Static/events"]
        assert all(c.arg("app_id") == "env-app" for c in api.calls())
        # A place search without artists: Bandsintown cannot answer it, and says so (no demo stand-ins).
        plain = find_events(SearchRequest(place="Amsterdam", radius=15), today=date(2030, 5, 1))
        assert plain.found == [] and plain.mode == "live" and "by artist" in plain.notices[0]
    finally:
        get_settings.cache_clear()
