"""Party room end to end: a host and two listeners (one a guest without an account)
in three browser contexts, each seeing the others' actions live."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import path_of, run_seed, sign_up, unique_email
from tests.e2e.party_pages import add_from_search as _add_from_search
from tests.e2e.party_pages import row as _row


@pytest.fixture
def people(browser: Browser, app_server: RunningApp) -> Iterator[list[BrowserContext]]:
    contexts = [browser.new_context(base_url=app_server.url, viewport={"width": 1280, "height": 900}) for _ in range(3)]
    yield contexts
    for ctx in contexts:
        ctx.close()


def _queue_titles(page: Page):
    return page.get_by_test_id("queue-title")




def test_host_and_two_listeners_share_a_live_room(people: list[BrowserContext]) -> None:
    host, alice, bob = (ctx.new_page() for ctx in people)

    # The host creates a room and gets a code, a link and a QR code.
    sign_up(host, unique_email("host"), name="Hana")
    host.goto("/party")
    host.get_by_test_id("room-name-input").fill("Friday night")
    host.get_by_test_id("create-room").click()
    expect(host.get_by_test_id("room-name")).to_have_text("Friday night")
    code = host.get_by_test_id("room-code").inner_text().strip()
    assert path_of(host) == f"/party/{code}"
    host.get_by_test_id("share").click()
    expect(host.get_by_test_id("share-url")).to_contain_text(f"/party/{code}")
    expect(host.get_by_test_id("share-qr")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    host.keyboard.press("Escape")

    # Alice joins by code as a guest (no account): a missing code is refused first.
    alice.goto("/party")
    alice.get_by_test_id("join-code-input").fill("ZZZZZZ")
    alice.get_by_test_id("join-code-submit").click()
    expect(alice.get_by_test_id("join-code-error")).to_contain_text("no party with the code ZZZZZZ")
    alice.get_by_test_id("join-code-input").fill(code.lower())
    alice.get_by_test_id("join-code-submit").click()
    expect(alice.get_by_test_id("join-room-name")).to_have_text("Friday night")
    alice.get_by_test_id("join-submit").click()
    expect(alice.get_by_test_id("join-error")).to_contain_text("display name")
    alice.get_by_test_id("guest-name").fill("Alice")
    alice.get_by_test_id("join-submit").click()
    expect(alice.get_by_test_id("room-name")).to_have_text("Friday night")

    # Bob has an account and opens the link.
    sign_up(bob, unique_email("bob"), name="Bob")
    bob.goto(f"/party/{code}")
    expect(bob.get_by_test_id("room-name")).to_have_text("Friday night")
    for page in (host, alice, bob):
        expect(page.get_by_test_id("people-count")).to_have_text("3")

    # The host's first track starts playing at once; Alice and Bob queue one each.
    first = _add_from_search(host, "pop", 0)
    for page in (host, alice, bob):
        expect(page.get_by_test_id("np-title")).to_have_text(first)
    # The progress bar moves on its own (drawn from the room's clock, no pushes).
    progress = alice.get_by_test_id("np-progress")
    expect(progress).to_have_attribute("style", re.compile(r"scaleX\((0\.\d*[1-9]|1)"), timeout=5_000)
    a_title = _add_from_search(alice, "pop", 1)
    expect(_queue_titles(bob)).to_have_count(1)
    b_title = _add_from_search(bob, "pop", 2)
    for page in (host, alice, bob):
        expect(_queue_titles(page)).to_have_text([a_title, b_title])
    expect(_row(host, b_title).get_by_test_id("queue-by")).to_contain_text("added by Bob")

    # The rows are plain elements wearing the theme's classes (components/party_queue.py):
    # they must still look like the theme's buttons, laid out by assets/party.css.
    expect(_row(bob, b_title)).to_have_css("display", "flex")
    expect(_row(bob, b_title).get_by_test_id("vote-up")).to_have_css("height", "32px")
    expect(_row(bob, b_title).get_by_test_id("vote-up")).to_have_css("border-radius", re.compile(r"[1-9]"))

    # A vote reorders the queue for everyone; my vote shows as mine.
    moving = alice.get_by_test_id("queue-row").nth(1).element_handle()  # Bob's track, second
    _row(bob, b_title).get_by_test_id("vote-up").click()
    for page in (host, alice, bob):
        expect(_queue_titles(page)).to_have_text([b_title, a_title])
        expect(_row(page, b_title).get_by_test_id("queue-score")).to_have_text("+1")
    # Rows are keyed by track, not by place: the row moved up with its track (an open
    # track menu stays on the track it was opened for).
    assert moving.evaluate("row => row === document.querySelector('[data-testid=queue-row]')")
    assert moving.query_selector("[data-testid=queue-title]").inner_text() == b_title
    expect(_row(bob, b_title).get_by_test_id("vote-up")).to_have_attribute("data-accent-color", "green")
    expect(_row(alice, b_title).get_by_test_id("vote-up")).to_have_attribute("data-accent-color", "gray")
    # Voting up again withdraws (never +2); voting down changes the vote.
    _row(bob, b_title).get_by_test_id("vote-up").click()
    for page in (alice, bob):  # rows re-sort at 0: let them settle before the next click
        expect(_row(page, b_title).get_by_test_id("queue-score")).to_have_text("0")
        expect(_queue_titles(page)).to_have_text([a_title, b_title])
    _row(bob, b_title).get_by_test_id("vote-down").click()
    _row(alice, a_title).get_by_test_id("vote-up").click()
    for page in (host, alice, bob):
        expect(_queue_titles(page)).to_have_text([a_title, b_title])
        expect(_row(page, b_title).get_by_test_id("queue-score")).to_have_text("-1")
        expect(_row(page, a_title).get_by_test_id("queue-score")).to_have_text("+1")

    # A track menu shows only where it offers something (the server checks every action
    # again: tests/unit/party): a listener gets none on someone else's track, and on
    # their own track only Remove; the host can also pin and move.
    expect(_row(alice, b_title).get_by_test_id("item-menu")).to_have_count(0)
    _row(bob, b_title).get_by_test_id("item-menu").click()
    expect(bob.get_by_test_id("remove-item")).to_be_visible()
    expect(bob.get_by_test_id("pin")).to_have_count(0)
    bob.keyboard.press("Escape")
    _row(host, b_title).get_by_test_id("item-menu").click()
    expect(host.get_by_test_id("pin")).to_be_visible()
    host.keyboard.press("Escape")
    expect(_queue_titles(host)).to_have_count(2)

    # Chat: text only, an oversized message is refused and kept in the box.
    alice.get_by_test_id("chat-input").fill("<b>hello</b> everyone")
    alice.get_by_test_id("chat-send").click()
    for page in (host, alice, bob):
        expect(page.get_by_test_id("chat-text").last).to_have_text("<b>hello</b> everyone")
    bob.get_by_test_id("chat-input").fill("x" * 501)
    bob.get_by_test_id("chat-send").click()
    expect(bob.get_by_text("at most 500 characters")).to_be_visible()
    expect(bob.get_by_test_id("chat-input")).to_have_value("x" * 501)

    # Vote to skip: two of the three present are needed; the top track plays next.
    alice.get_by_test_id("vote-skip").click()
    expect(host.get_by_test_id("skip-count")).to_have_text("1 / 2")
    bob.get_by_test_id("vote-skip").click()
    for page in (host, alice, bob):
        expect(page.get_by_test_id("np-title")).to_have_text(a_title)
        expect(_queue_titles(page)).to_have_text([b_title])

    # The host skips: auto-play takes the next track from the queue.
    host.get_by_test_id("skip-now").click()
    for page in (host, alice, bob):
        expect(page.get_by_test_id("np-title")).to_have_text(b_title)
        expect(page.get_by_test_id("queue-empty")).to_be_visible()

    # A promotion reaches Alice live: she now has playback controls.
    expect(alice.get_by_test_id("skip-now")).to_have_count(0)
    host.get_by_test_id("person").filter(has_text="Alice").get_by_test_id("person-menu").click()
    host.get_by_test_id("promote").click()
    expect(alice.get_by_test_id("skip-now")).to_be_visible()

    # Presence: Bob leaves with the button, Alice closes her tab.
    bob.get_by_test_id("leave").click()
    expect(host.get_by_test_id("people-count")).to_have_text("2")
    alice.close()
    expect(host.get_by_test_id("people-count")).to_have_text("1", timeout=30_000)
    expect(host.get_by_test_id("person-name")).to_have_text(["Hana"])


class _DroppableLink:
    """Routes a page's websocket through the test: it can stop delivering the
    server's messages (a connection gone quiet) and then cut the connection."""

    def __init__(self) -> None:
        self.dropping = False
        self.current: tuple[WebSocketRoute, WebSocketRoute] | None = None

    def route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: None if self.dropping else ws.send(message))
        self.current = (ws, server)

    def cut(self) -> None:
        assert self.current is not None
        self.dropping = False
        page_side, server_side = self.current
        server_side.close()
        page_side.close()


def test_a_listener_whose_connection_dropped_catches_up_on_reconnect(people: list[BrowserContext]) -> None:
    host, listener = people[0].new_page(), people[1].new_page()
    link = _DroppableLink()
    listener.route_web_socket(re.compile(r"/_event"), link.route)

    sign_up(host, unique_email("host"), name="Hana")
    host.goto("/party")
    host.get_by_test_id("room-name-input").fill("Reconnect party")
    host.get_by_test_id("create-room").click()
    code = host.get_by_test_id("room-code").inner_text().strip()
    _add_from_search(host, "rock", 0)
    waiting = _add_from_search(host, "rock", 1)
    listener.goto(f"/party/{code}")
    listener.get_by_test_id("guest-name").fill("Lou")
    listener.get_by_test_id("join-submit").click()
    expect(_row(listener, waiting).get_by_test_id("queue-score")).to_have_text("0")

    # The listener's connection goes quiet: the host's vote and chat do not reach it.
    link.dropping = True
    _row(host, waiting).get_by_test_id("vote-up").click()
    host.get_by_test_id("chat-input").fill("while you were away")
    host.get_by_test_id("chat-send").click()
    expect(host.get_by_test_id("chat-text").last).to_have_text("while you were away")
    expect(_row(host, waiting).get_by_test_id("queue-score")).to_have_text("+1")
    expect(_row(listener, waiting).get_by_test_id("queue-score")).to_have_text("0")

    # The connection drops; the page reconnects by itself and catches up, still a member.
    link.cut()
    expect(_row(listener, waiting).get_by_test_id("queue-score")).to_have_text("+1")
    expect(listener.get_by_test_id("chat-text").last).to_have_text("while you were away")
    expect(listener.get_by_test_id("room-name")).to_have_text("Reconnect party")
    # ...and live updates flow again.
    host.get_by_test_id("chat-input").fill("welcome back")
    host.get_by_test_id("chat-send").click()
    expect(listener.get_by_test_id("chat-text").last).to_have_text("welcome back")
    expect(host.get_by_test_id("people-count")).to_have_text("2")


# Runs in the app's data directory: a Pro host's room with a long queue (no Free-plan caps).
_LONG_ROOM = """
import sys, time
from services import accounts, party
from services.billing import set_plan_override
from services.db import session_scope
from services.party import Identity, TrackRef
user, _ = accounts.sign_up(f"long-queue-{time.time_ns()}@example.com", "good pass 123", "Hana")
with session_scope() as db:
    set_plan_override(db, user.id, "pro")
code = party.create_room(user.id, "Long queue").code
for n in range(int(sys.argv[1])):
    party.add_to_queue(code, Identity.user(user.id), TrackRef(f"long-{n}", f"Song {n:02d}", "Band", duration_ms=600_000))
print(code)
"""


def test_a_vote_far_down_a_long_queue_reaches_a_row_out_of_view(people: list[BrowserContext], app_server: RunningApp) -> None:
    """Rows past the first 15, far out of view, are neither laid out nor painted
    (content-visibility: auto), yet their scores stay live: scrolled to, the row shows the
    vote cast while it was out of view."""
    code = run_seed(app_server, _LONG_ROOM, "60")
    voter, listener = people[0].new_page(), people[1].new_page()
    for page, name in ((voter, "Vic"), (listener, "Lou")):
        page.goto(f"/party/{code}")
        page.get_by_test_id("guest-name").fill(name)
        page.get_by_test_id("join-submit").click()
    last = "Song 59"  # beyond 2.5 viewports: the browser skips rendering it
    for page in (voter, listener):
        expect(_row(page, last)).to_have_count(1)
    score = _row(listener, last).get_by_test_id("queue-score")
    skipped = "el => !el.checkVisibility({contentVisibilityAuto: true})"
    assert score.evaluate(skipped), "a row far below the fold is still rendered"

    # A vote down keeps the last song last (most votes play first), so still out of view.
    _row(voter, last).get_by_test_id("vote-down").click()
    expect(_row(voter, last).get_by_test_id("queue-score")).to_have_text("-1")
    listener.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=queue-row]')].some("
        "r => r.textContent.includes('Song 59') && r.querySelector('[data-testid=queue-score]').textContent === '-1')"
    )
    assert score.evaluate(skipped), "the vote was shown by rendering the row out of view"
    score.scroll_into_view_if_needed()
    expect(score).to_have_text("-1")
    expect(score).to_be_visible()
