"""Party room through a server restart, issue 26: the backend serving a party is killed
(`kill -9`, no goodbye) and started again; every page reconnects by itself with the
same seats, queue, votes, chat and now-playing position, and voting again never counts
a person twice.

The pages load from the session's app; their websocket goes to a second backend
process on the same data dir (the way a balancer pins a client), which is the one
that dies: its in-memory page states go with it, as a single-process deployment's
would on a restart (no Redis here), so everything the pages show afterwards comes back
from the database and the guest's cookie.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.apprunner import RunningApp, start_app
from tests.e2e.conftest import Fakes
from tests.e2e.party_pages import add_from_search as _add_from_search
from tests.e2e.party_pages import host_room, pin_to_backend
from tests.e2e.party_pages import row as _row

pytestmark = [pytest.mark.e2e, pytest.mark.own_apps]


@pytest.fixture
def backend(app_server: RunningApp, fakes: Fakes) -> Iterator[RunningApp]:
    """A second backend on the session app's data dir (set up already)."""
    started = [start_app(app_server.data_dir, fakes.env(), setup=False, backend_only=True, log_name="restart")]
    try:
        yield started[0]
    finally:
        started[-1].stop()


def _pinned_context(browser: Browser, frontend: RunningApp, backend: RunningApp) -> BrowserContext:
    """A browser whose pages come from `frontend` and whose websocket goes to `backend`."""
    ctx = browser.new_context(base_url=frontend.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pin_to_backend(ctx, backend)
    return ctx


def _position_s(page: Page) -> float:
    """Where now playing is, in seconds, from its progress bar and its length."""
    transform = page.get_by_test_id("np-progress").evaluate("e => e.style.transform")
    ratio = float(re.search(r"scaleX\(([\d.]+)\)", transform).group(1))  # type: ignore[union-attr]
    minutes, seconds = page.get_by_test_id("np-duration").inner_text().strip().split(":")
    return ratio * (int(minutes) * 60 + int(seconds))


def _restart(app: RunningApp, fakes: Fakes) -> RunningApp:
    os.killpg(app.process.pid, signal.SIGKILL)
    app.process.wait(timeout=30)
    return start_app(app.data_dir, fakes.env(), setup=False, backend_only=True, log_name="restart",
                     port=int(urlsplit(app.url).port or 0))


def test_a_server_restart_mid_party_keeps_seats_queue_votes_and_position(
    browser: Browser, app_server: RunningApp, backend: RunningApp, fakes: Fakes, request: pytest.FixtureRequest,
) -> None:
    host_ctx = _pinned_context(browser, app_server, backend)
    guest_ctx = _pinned_context(browser, app_server, backend)
    try:
        host = host_ctx.new_page()
        code = host_room(host, "Restart party")
        playing = _add_from_search(host, "rock", 0)
        expect(host.get_by_test_id("np-title")).to_have_text(playing)
        first = _add_from_search(host, "rock", 1)
        second = _add_from_search(host, "rock", 2)

        # A guest in two tabs of one browser joins once, votes, and chats.
        tabs = [guest_ctx.new_page() for _ in range(2)]
        tabs[0].goto(f"/party/{code}")
        tabs[0].get_by_test_id("guest-name").fill("Gus")
        tabs[0].get_by_test_id("join-submit").click()
        tabs[1].goto(f"/party/{code}")
        _row(tabs[0], second).get_by_test_id("vote-up").click()
        _row(host, second).get_by_test_id("vote-up").click()
        tabs[1].get_by_test_id("chat-input").fill("before the restart")
        tabs[1].get_by_test_id("chat-send").click()
        pages = [host, *tabs]
        sockets: list[list[str]] = [[] for _ in pages]
        for page, opened in zip(pages, sockets):
            page.on("websocket", lambda ws, opened=opened: opened.append(ws.url))
        for page in pages:
            expect(page.get_by_test_id("queue-title")).to_have_text([second, first])
            expect(_row(page, second).get_by_test_id("queue-score")).to_have_text("+2")
            expect(page.get_by_test_id("people-count")).to_have_text("2")
            expect(page.get_by_test_id("chat-text").last).to_have_text("before the restart")
        before, at = _position_s(host), time.monotonic()

        # The backend dies mid-party and comes back on the same port.
        restarted = _restart(backend, fakes)
        request.addfinalizer(restarted.stop)

        # Every page reconnects by itself: same room, seats, queue, votes, chat, and the
        # track plays on from where the room's clock says.
        for page in pages:
            expect(page.get_by_test_id("room-name")).to_have_text("Restart party")
            expect(page.get_by_test_id("np-title")).to_have_text(playing)
            expect(page.get_by_test_id("queue-title")).to_have_text([second, first])
            expect(_row(page, second).get_by_test_id("queue-score")).to_have_text("+2")
            expect(page.get_by_test_id("people-count")).to_have_text("2")
            expect(page.get_by_test_id("chat-text").last).to_have_text("before the restart")
        events = f":{urlsplit(backend.url).port}/_event"
        assert all(opened and all(events in url for url in opened) for opened in sockets), sockets  # new sockets, to it
        for tab in tabs:  # the guest's vote is still the guest's own
            expect(_row(tab, second).get_by_test_id("vote-up")).to_have_attribute("data-accent-color", "green")
        host.wait_for_timeout(1200)  # one redraw of the bar after the new state
        after, elapsed = _position_s(host), time.monotonic() - at
        print(f"\nrestart: now playing at {before:.1f} s before, {after:.1f} s after {elapsed:.1f} s")
        assert abs(after - (before + elapsed)) < 3, f"now playing at {after:.1f} s, expected {before + elapsed:.1f} s"

        # Live again, both ways; voting again is the same person's vote, never a second one.
        _row(tabs[1], second).get_by_test_id("vote-up").click()  # the same vote again withdraws it
        expect(_row(host, second).get_by_test_id("queue-score")).to_have_text("+1")
        _row(tabs[0], second).get_by_test_id("vote-up").click()
        expect(_row(host, second).get_by_test_id("queue-score")).to_have_text("+2")
        expect(_row(tabs[1], second).get_by_test_id("queue-score")).to_have_text("+2")
        host.get_by_test_id("chat-input").fill("welcome back")
        host.get_by_test_id("chat-send").click()
        for tab in tabs:
            expect(tab.get_by_test_id("chat-text").last).to_have_text("welcome back")
        expect(host.get_by_test_id("people-count")).to_have_text("2")
    finally:
        host_ctx.close()
        guest_ctx.close()
