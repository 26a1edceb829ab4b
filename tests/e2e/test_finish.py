"""An app that feels finished on every page (issue 27), in Chromium against the one app
start of the suite: favicon and icons, a friendly 404, a title per page, keyboard focus and
the skip link, axe-core with no serious or critical violation on every page (signed out and
in, light and dark), no horizontal scroll at phone width (375×812, a screenshot each), and
the offline map's orientation (place names, the radius circle) with "my artists on tour".

Screenshots land in `$DATA_DIR/../screens/` of the test session (printed at the end)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 812}
SIGNED_OUT = {"/": "Simple Balance Music", "/login": "Sign in · Simple Balance Music",
              "/signup": "Sign up · Simple Balance Music", "/forgot": "Forgot password · Simple Balance Music",
              "/pricing": "Pricing · Simple Balance Music", "/no-such-page": "Page not found · Simple Balance Music"}
SIGNED_IN = {"/": "Simple Balance Music", "/worlds": "Worlds · Simple Balance Music",
             "/events": "Events · Simple Balance Music", "/party": "Party room · Simple Balance Music",
             "/releases": "Releases · Simple Balance Music", "/releases/outbox": "Outbox · Simple Balance Music",
             "/label": "Label · Simple Balance Music", "/billing": "Billing · Simple Balance Music",
             "/pricing": "Pricing · Simple Balance Music",
             "/billing/portal": "Billing portal (test mode) · Simple Balance Music",
             "/account": "Account · Simple Balance Music", "/status": "Status · Simple Balance Music"}
SERIOUS = {"serious", "critical"}
_axe = Axe()


@pytest.fixture(scope="module")
def screens(app_server: RunningApp) -> Path:
    folder = Path(app_server.data_dir).parent / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def member(browser: Browser, app_server: RunningApp) -> Iterator[str]:
    """One signed-up account for the module; its cookies are reused by every context."""
    ctx = browser.new_context(base_url=app_server.url)
    page = ctx.new_page()
    sign_up(page, unique_email("finish"))
    state = ctx.storage_state()
    ctx.close()
    import json

    yield json.dumps(state)


def _open(browser: Browser, app_server: RunningApp, *, dark: bool = False, phone: bool = False,
          state: str | None = None) -> Page:
    import json

    ctx = browser.new_context(base_url=app_server.url, viewport=PHONE if phone else {"width": 1280, "height": 860},
                              color_scheme="dark" if dark else "light",
                              storage_state=json.loads(state) if state else None)
    return ctx.new_page()


def _settle(page: Page, path: str) -> None:
    page.goto(path)
    if path in ("/login", "/signup", "/forgot"):
        expect(page.locator("#email")).to_be_visible()
    else:
        expect(page.get_by_test_id("page-title")).to_be_visible()
    page.wait_for_timeout(600)  # state loaded after hydration (cards, lists)
    # A toast still fading in or out is measured at part opacity: check toasts as people read them.
    page.wait_for_function("() => [...document.querySelectorAll('[data-sonner-toast]')]"
                           ".every(t => getComputedStyle(t).opacity === '1')", timeout=10_000)


def _serious(page: Page) -> list[str]:
    violations = _axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            f"{[(n['target'], n['html'][:160], n.get('failureSummary', '')[:300]) for n in v['nodes'][:3]]}"
            for v in violations if v.get("impact") in SERIOUS]


def test_favicon_and_icons_are_served(app_server: RunningApp) -> None:
    for path, kind in [("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png"), ("/icon-192.png", "image/png")]:
        response = httpx.get(app_server.url + path, timeout=10)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(kind), path
        assert len(response.content) > 500


def test_unknown_address_gets_a_friendly_page_with_the_way_home(page: Page) -> None:
    page.goto("/no-such-page")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    expect(page).to_have_title("Page not found · Simple Balance Music")
    page.get_by_test_id("not-found-home").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_every_page_has_its_own_title(browser: Browser, app_server: RunningApp, member: str) -> None:
    page = _open(browser, app_server)
    for path, title in SIGNED_OUT.items():
        if path == "/":
            continue
        page.goto(path)
        expect(page).to_have_title(title)
    page.context.close()
    page = _open(browser, app_server, state=member)
    for path, title in SIGNED_IN.items():
        page.goto(path)
        expect(page).to_have_title(title)
    page.context.close()


def test_keyboard_users_get_a_skip_link_and_a_visible_focus_ring(browser: Browser, app_server: RunningApp,
                                                                 member: str) -> None:
    page = _open(browser, app_server, state=member)
    _settle(page, "/events")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused not in ("none", "")
    page.context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page(browser: Browser, app_server: RunningApp, member: str,
                                                    dark: bool) -> None:
    problems: dict[str, list[str]] = {}
    for state, paths in ((None, SIGNED_OUT), (member, SIGNED_IN)):
        page = _open(browser, app_server, dark=dark, state=state)
        for path in paths:
            _settle(page, path)
            if dark:
                assert page.evaluate("document.documentElement.classList.contains('dark')")
            found = _serious(page)
            if found:
                problems[f"{'in' if state else 'out'} {path}"] = found
        page.context.close()
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_phone_width_never_scrolls_sideways(browser: Browser, app_server: RunningApp, member: str,
                                            screens: Path) -> None:
    wide: dict[str, int] = {}
    for state, paths in ((None, SIGNED_OUT), (member, SIGNED_IN)):
        page = _open(browser, app_server, phone=True, state=state)
        for path in paths:
            _settle(page, path)
            width = page.evaluate("document.documentElement.scrollWidth")
            name = ("in" if state else "out") + (path.replace("/", "_") or "_home")
            page.screenshot(path=str(screens / f"phone{name}.png"), full_page=True)
            if width > PHONE["width"]:
                wide[path] = width
        page.context.close()
    assert wide == {}


def test_offline_map_names_places_draws_the_radius_and_finds_my_artists_on_tour(
        browser: Browser, app_server: RunningApp, member: str, screens: Path) -> None:
    page = _open(browser, app_server, state=member)
    _settle(page, "/events")
    page.get_by_test_id("place-input").fill("Berlin")
    page.get_by_test_id("radius-input").fill("30")
    page.get_by_test_id("search-button").click()
    expect(page.get_by_test_id("events-summary")).to_contain_text("within 30 km of Berlin", timeout=60_000)
    the_map = page.get_by_test_id("events-map")
    expect(the_map.locator("path.sbm-radius")).to_have_count(1)
    labels = the_map.locator(".sbm-place-label")
    expect(labels.filter(has_text=re.compile(r"^Berlin$"))).to_have_count(1)
    assert labels.count() >= 5  # towns around the city at city zoom, not only the city
    expect(the_map.locator(".leaflet-marker-icon").first).to_be_visible()
    page.screenshot(path=str(screens / "map-city-zoom.png"))

    # Zoomed out, fewer and bigger names; the circle stays.
    zoom_out = the_map.locator(".leaflet-control-zoom-out")
    for _ in range(4):
        zoom_out.click()
        page.wait_for_timeout(350)
    assert 0 < labels.count()
    expect(labels.filter(has_text=re.compile(r"^Potsdam$"))).to_have_count(0)

    # My artists on tour around Berlin: the shows of followed artists only.
    page.get_by_test_id("radius-input").fill("500")
    page.get_by_test_id("tour-button").click()
    expect(page.get_by_test_id("events-summary")).to_contain_text("of your artists within 500 km of Berlin",
                                                                   timeout=60_000)
    rows = page.get_by_test_id("event-row")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_not=page.get_by_text("Your artist"))).to_have_count(0)

    # A demo card says why it has no ticket link, in a popup that fits a phone in dark mode.
    rows.first.click()
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_test_id("demo-tickets-note")).to_be_visible()
    page.context.close()

    phone = _open(browser, app_server, state=member, phone=True, dark=True)
    _settle(phone, "/events")
    phone.get_by_test_id("place-input").fill("Berlin")
    phone.get_by_test_id("search-button").click()
    row = phone.get_by_test_id("event-row").first
    expect(row).to_be_visible(timeout=60_000)
    row.click()
    card = phone.locator(".leaflet-popup").get_by_test_id("popup-card")
    expect(card).to_be_visible()
    box = phone.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    colours = phone.evaluate("""() => {
        const wrap = document.querySelector('.leaflet-popup-content-wrapper');
        const name = wrap.querySelector('[data-testid=card-name]');
        return [getComputedStyle(wrap).backgroundColor, getComputedStyle(name).color];
    }""")
    assert colours[0] != colours[1] and colours[0] != "rgb(255, 255, 255)"  # the dark theme's panel, not Leaflet's white
    # Measured once Leaflet's fade-in is over (mid-fade, text and panel are blended with the map).
    phone.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert _serious(phone) == []  # the open popup's text has enough contrast in dark mode
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(screens / "phone-dark-popup.png"))
    phone.context.close()
