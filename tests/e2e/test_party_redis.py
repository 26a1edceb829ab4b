"""Party room across two app processes sharing one Redis and one database (issue 6, item 8).

App A is the full app (frontend and backend) on one port; app B is a second backend
process on another port, started against the same data dir and the same `REDIS_URL`
(each with one Granian worker, so the two processes are the two workers). Both
serve the same frontend build, as two workers behind a load balancer would: the
listener's browser loads the pages from A but its websocket is routed to B (the
frontend's `reflex-env` module is rewritten to B's port), the way a balancer
would pin that client to the other worker. A vote on either side must reach the
other one live.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.apprunner import RunningApp, start_app
from tests.e2e.conftest import Fakes
from tests.e2e.party_pages import add_from_search as _add_from_search
from tests.e2e.party_pages import host_room as _host_room
from tests.e2e.party_pages import pin_to_backend as _pin_to_backend
from tests.e2e.party_pages import port as _port
from tests.e2e.party_pages import row as _row

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.own_apps]

REDIS_URL = "redis://127.0.0.1:6379/11"  # a db of its own, flushed before and after


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc}): the two-worker party test needs it")
    return client


@pytest.fixture
def two_apps(tmp_path: Path, fakes: Fakes) -> Iterator[tuple[RunningApp, RunningApp]]:
    client = _redis()
    client.flushdb()
    env = {**fakes.env(), "REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": "1"}
    data_dir = tmp_path / "redis-data"
    started: list[RunningApp] = []
    try:
        started.append(start_app(data_dir, env, log_name="app-a"))
        started.append(start_app(data_dir, env, setup=False, backend_only=True, log_name="app-b"))
        yield started[0], started[1]
    finally:
        for app in started:
            app.stop()
        client.flushdb()
        client.close()




def _sockets(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("websocket", lambda ws: urls.append(ws.url))
    return urls




def test_a_vote_on_one_worker_reaches_a_listener_on_the_other(
    browser: Browser, two_apps: tuple[RunningApp, RunningApp]
) -> None:
    app_a, app_b = two_apps
    host_ctx = browser.new_context(base_url=app_a.url, viewport={"width": 1280, "height": 900})
    # The page's security policy lets its websocket reach its own origin only; this test's
    # stand-in for a balancer points it at another port, so the guest's browser skips the policy.
    guest_ctx = browser.new_context(base_url=app_a.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        _pin_to_backend(guest_ctx, app_b)
        host, guest = host_ctx.new_page(), guest_ctx.new_page()
        host_sockets, guest_sockets = _sockets(host), _sockets(guest)

        # The host, on worker A, creates a room and queues three tracks (the first plays).
        code = _host_room(host, "Two workers")
        playing = _add_from_search(host, "pop", 0)
        expect(host.get_by_test_id("np-title")).to_have_text(playing)
        first = _add_from_search(host, "pop", 1)
        second = _add_from_search(host, "pop", 2)
        expect(host.get_by_test_id("queue-title")).to_have_text([first, second])

        # A guest, on worker B, joins and sees the same room.
        guest.goto(f"/party/{code}")
        guest.get_by_test_id("guest-name").fill("Gus")
        guest.get_by_test_id("join-submit").click()
        expect(guest.get_by_test_id("room-name")).to_have_text("Two workers")
        expect(guest.get_by_test_id("np-title")).to_have_text(playing)
        expect(guest.get_by_test_id("queue-title")).to_have_text([first, second])
        expect(host.get_by_test_id("people-count")).to_have_text("2")
        assert any(f":{_port(app_b.url)}/_event" in url for url in guest_sockets), guest_sockets
        assert not any(f":{_port(app_a.url)}/_event" in url for url in guest_sockets), guest_sockets
        assert any(f":{_port(app_a.url)}/_event" in url for url in host_sockets), host_sockets

        # A vote cast on A reorders the queue on B ...
        _row(host, second).get_by_test_id("vote-up").click()
        expect(guest.get_by_test_id("queue-title")).to_have_text([second, first])
        expect(_row(guest, second).get_by_test_id("queue-score")).to_have_text("+1")

        # ... and a vote cast on B reaches A.
        _row(guest, second).get_by_test_id("vote-down").click()
        expect(host.get_by_test_id("queue-title")).to_have_text([first, second])
        expect(_row(host, second).get_by_test_id("queue-score")).to_have_text("0")

        # Chat crosses too, and so does auto-play: the host skips on A, B plays the top item.
        guest.get_by_test_id("chat-input").fill("hello from worker B")
        guest.get_by_test_id("chat-send").click()
        expect(host.get_by_test_id("chat-text").last).to_have_text("hello from worker B")
        host.get_by_test_id("skip-now").click()
        expect(guest.get_by_test_id("np-title")).to_have_text(first)
        expect(guest.get_by_test_id("queue-title")).to_have_text([second])

        # The guest closes the tab: worker B's presence sweep tells A.
        guest.close()
        expect(host.get_by_test_id("people-count")).to_have_text("1", timeout=30_000)
    finally:
        host_ctx.close()
        guest_ctx.close()
