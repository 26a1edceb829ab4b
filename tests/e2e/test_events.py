"""The events page in the browser, on the offline demo source: search a city, see markers
and the list, filter to my artists, open a popup from the list, save the event, download
its calendar file, watch the place and get the daily job's new matches pushed live; bad
input (unknown place, radius out of range) and "use my location"."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import make_operator, sign_up, unique_email

pytestmark = pytest.mark.e2e
FIRST_SEARCH = 60_000  # a new account's first search reads its library and builds the demo tour: slow on a busy machine


def _search(page: Page, place: str, radius: str = "50") -> None:
    page.get_by_test_id("place-input").fill(place)
    page.get_by_test_id("radius-input").fill(radius)
    page.get_by_test_id("search-button").click()


def _unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def test_search_map_filter_save_and_calendar(page: Page, app_server: RunningApp) -> None:
    email = unique_email("events")
    sign_up(page, email)
    make_operator(app_server, email)  # runs the refresh job below from the System panel
    page.goto("/events")
    expect(page.get_by_test_id("list-empty")).to_be_visible()
    expect(page.get_by_test_id("attribution")).to_contain_text("simplemaps.com")

    _search(page, "Berlin", "500")
    expect(page.get_by_test_id("events-summary")).to_contain_text("within 500 km of Berlin, Germany", timeout=FIRST_SEARCH)
    rows = page.get_by_test_id("event-row")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total > 5
    # Markers (or the clusters that hold them) are drawn on the map.
    expect(page.locator("[data-testid=events-map] .leaflet-marker-icon").first).to_be_visible()

    # Only my artists: fewer events, each one with one of my artists.
    page.get_by_test_id("only-mine").click()
    expect(page.get_by_test_id("events-summary")).not_to_contain_text("with your artists")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_not=page.get_by_text("Your artist"))).to_have_count(0)
    assert 0 < rows.count() < total

    # Picking an event in the list opens its popup on the map and highlights the row.
    first = rows.first
    name = first.get_by_test_id("row-name").inner_text()
    first.click()
    popup = page.locator(".leaflet-popup").get_by_test_id("popup-card")
    expect(popup).to_be_visible()
    expect(popup.get_by_test_id("card-name")).to_have_text(name)
    expect(popup.get_by_test_id("card-when")).to_contain_text("venue time")
    expect(first).to_have_attribute("data-selected", "true")

    # Interested: the event moves into the saved tab.
    popup.get_by_test_id("interested").click()
    expect(popup.get_by_test_id("interested")).to_have_attribute("aria-pressed", "true")
    expect(popup).to_be_visible()  # the update does not close the open popup
    page.get_by_test_id("tab-saved").click()
    saved = page.get_by_test_id("saved-event")
    expect(saved).to_have_count(1)
    expect(saved.get_by_test_id("card-name")).to_have_text(name)

    # Add to calendar downloads a real .ics for that event.
    with page.expect_download() as download_info:
        saved.get_by_test_id("add-to-calendar").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    ics = open(download.path(), encoding="utf-8", newline="").read()
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert f"SUMMARY:{_ics_text(name)}" in lines
    assert any(line.startswith("DTSTART:") and line.endswith("Z") for line in lines)
    assert any(line.startswith("LOCATION:") for line in lines)

    # The calendar route answers only the signed-in owner.
    href = saved.get_by_test_id("add-to-calendar").get_attribute("href")
    assert href and href.startswith("/api/events/")
    assert httpx.get(app_server.url + href).status_code == 401

    # Watch the place; the daily refresh (run from the dashboard in another tab) pushes
    # the new concerts it finds to this open page.
    page.get_by_test_id("tab-search").click()
    page.get_by_test_id("watch-place").click()
    page.get_by_test_id("tab-saved").click()
    expect(page.get_by_test_id("watched-place")).to_contain_text("Berlin, Germany")
    dashboard = page.context.new_page()
    dashboard.goto("/")
    dashboard.get_by_test_id("run-events.refresh").click()
    expect(page.get_by_test_id("events-news")).to_contain_text("new concert", timeout=FIRST_SEARCH)
    dashboard.close()


def test_unknown_place_bad_radius_and_my_location(browser: Browser, app_server: RunningApp) -> None:
    context = browser.new_context(base_url=app_server.url, viewport={"width": 390, "height": 844},
                                  geolocation={"latitude": 48.8566, "longitude": 2.3522}, permissions=["geolocation"])
    page = context.new_page()
    try:
        sign_up(page, unique_email("events-bad"))
        page.goto("/events")

        _search(page, "Londn")
        expect(page.get_by_test_id("events-error")).to_contain_text("No place called 'Londn'")
        suggestion = page.get_by_test_id("place-suggestion").filter(has_text="London, United Kingdom")
        expect(suggestion).to_be_visible()
        suggestion.click()
        expect(page.get_by_test_id("events-summary")).to_contain_text("London, United Kingdom", timeout=FIRST_SEARCH)
        expect(page.get_by_test_id("events-error")).to_have_count(0)

        page.get_by_test_id("radius-input").fill("900")
        page.get_by_test_id("search-button").click()
        expect(page.get_by_test_id("events-error")).to_contain_text("Radius must be between 1 and 500 km")
        expect(page.get_by_test_id("place-input")).to_have_value("London, United Kingdom")  # nothing lost

        page.get_by_test_id("radius-input").fill("25")
        page.get_by_test_id("use-location").click()
        expect(page.get_by_test_id("events-summary")).to_contain_text("within 25 km of your location")
        expect(page.get_by_test_id("event-row").first).to_be_visible()
    finally:
        context.close()
