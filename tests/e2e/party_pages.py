"""What the party e2e tests do on a page: open a room as its host, find a queue row, add a track from search, and
send a browser's websocket to another backend process (a balancer's stand-in)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email


def host_room(host: Page, name: str) -> str:
    """Sign up as a new host (Hana), open a room called `name`; its code."""
    sign_up(host, unique_email("host"), name="Hana")
    host.goto("/party")
    host.get_by_test_id("room-name-input").fill(name)
    host.get_by_test_id("create-room").click()
    expect(host.get_by_test_id("room-name")).to_have_text(name)
    return host.get_by_test_id("room-code").inner_text().strip()


def row(page: Page, title: str) -> Locator:
    return page.get_by_test_id("queue-row").filter(has_text=title)


def add_from_search(page: Page, query: str, nth: int) -> str:
    """Search, add the nth result, return its title."""
    page.get_by_test_id("search-input").fill(query)
    page.get_by_test_id("search-submit").click()
    pick = page.get_by_test_id("track-pick").nth(nth)
    expect(pick).to_be_visible()
    title = pick.get_by_test_id("pick-title").inner_text()
    pick.get_by_test_id("add-track").click()
    return title


_BACKEND_ADDRESS = re.compile(r"//localhost:\d+")


def port(url: str) -> int:
    return int(urlsplit(url).port or 80)


def pin_to_backend(ctx: BrowserContext, backend: RunningApp) -> None:
    """Send this browser's websocket and backend calls to `backend` (the balancer's choice).
    The page's policy lets a socket reach its own origin only: make `ctx` with `bypass_csp=True`.
    Whatever port the served build names is replaced: another test's app may have rebuilt
    it since the app serving the pages started."""
    target = f"//localhost:{port(backend.url)}"

    def rewrite(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=_BACKEND_ADDRESS.sub(target, response.text()))

    ctx.route(re.compile(r"/assets/reflex-env[^/]*\.js(\?.*)?$"), rewrite)
