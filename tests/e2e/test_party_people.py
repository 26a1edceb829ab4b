"""Party room end to end, issue 26: one browser is one guest (three tabs, one vote), a
removed guest stays out, everyone hears the demo sound on the same second, the skip
share scales with the room, a co-host takes over when the host leaves, the chat follows
new lines, and ending the party asks first."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email
from tests.e2e.party_pages import add_from_search as _add_from_search
from tests.e2e.party_pages import host_room as _host_room
from tests.e2e.party_pages import row as _row

# When the elapsed time turns, less the seconds it shows: the room clock's start as this page sees it.
_WATCH_TICKS = """() => {
  window.__ticks = [];
  const el = document.querySelector('[data-testid=room-sound-elapsed]');
  new MutationObserver(() => {
    const [m, s] = el.textContent.split(':').map(Number);
    window.__ticks.push(Date.now() - (m * 60 + s) * 1000);
  }).observe(el, {subtree: true, characterData: true, childList: true});
}"""

# Where a page's demo sound is on the room clock's loop, against the wall clock.
_SOUND_PHASE = """() => {
  const a = document.querySelector('[data-testid=room-sound-audio]');
  return a ? [a.currentTime, Date.now() / 1000, a.duration, a.paused] : null;
}"""


@pytest.fixture
def people(browser: Browser, app_server: RunningApp) -> Iterator[list[BrowserContext]]:
    contexts = [browser.new_context(base_url=app_server.url, viewport={"width": 1280, "height": 900}) for _ in range(3)]
    yield contexts
    for ctx in contexts:
        ctx.close()





def _phase(page: Page) -> tuple[float, float]:
    current, now, length, paused = page.evaluate(_SOUND_PHASE)
    assert not paused and length > 0
    return (current - now) % length, length


def test_one_browser_is_one_guest_and_a_removed_guest_stays_out(people: list[BrowserContext]) -> None:
    host_ctx, guest_ctx, _ = people
    host = host_ctx.new_page()
    code = _host_room(host, "One vote each")
    first = _add_from_search(host, "pop", 0)
    waiting = _add_from_search(host, "pop", 1)
    expect(host.get_by_test_id("np-title")).to_have_text(first)

    # The guest joins in one tab; the browser's other tabs are the same guest, at once.
    tabs = [guest_ctx.new_page() for _ in range(3)]
    tabs[0].goto(f"/party/{code}")
    tabs[0].get_by_test_id("guest-name").fill("Gus")
    tabs[0].get_by_test_id("join-submit").click()
    for tab in tabs[1:]:
        tab.goto(f"/party/{code}")
    for tab in tabs:
        expect(tab.get_by_test_id("room-name")).to_have_text("One vote each")
    assert "sbm_guest" not in tabs[0].evaluate("document.cookie")  # HttpOnly: no page script reads it
    assert any(c["name"] == "sbm_guest" and c["httpOnly"] for c in guest_ctx.cookies())

    # One tab votes up: every tab shows it as the browser's vote, and another tab
    # changes that same vote (never a second one); one person is here.
    _row(tabs[0], waiting).get_by_test_id("vote-up").click()
    expect(_row(host, waiting).get_by_test_id("queue-score")).to_have_text("+1")
    for tab in tabs:
        expect(_row(tab, waiting).get_by_test_id("vote-up")).to_have_attribute("data-accent-color", "green")
    _row(tabs[2], waiting).get_by_test_id("vote-down").click()
    expect(_row(host, waiting).get_by_test_id("queue-score")).to_have_text("-1")
    expect(_row(tabs[1], waiting).get_by_test_id("vote-down")).to_have_attribute("data-accent-color", "red")
    _row(tabs[1], waiting).get_by_test_id("vote-up").click()
    expect(_row(host, waiting).get_by_test_id("queue-score")).to_have_text("+1")
    expect(host.get_by_test_id("people-count")).to_have_text("2")

    # Everyone hears the demo sound, on the same second of the room's clock.
    for page in (host, tabs[1]):
        expect(page.get_by_test_id("room-sound-label")).to_contain_text("Demo sound")
        page.get_by_test_id("room-sound-toggle").click()
    expect(host.get_by_test_id("room-sound-elapsed")).to_have_text(re.compile(r"^0:0[1-9]|^0:[1-5]\d"))
    expect(host.get_by_test_id("room-sound-remaining")).to_have_text(re.compile(r"^-\d+:\d\d$"))
    host.wait_for_function("() => { const a = document.querySelector('[data-testid=room-sound-audio]'); return a && !a.paused && a.currentTime > 0; }")
    tabs[1].wait_for_function("() => { const a = document.querySelector('[data-testid=room-sound-audio]'); return a && !a.paused && a.currentTime > 0; }")
    host.wait_for_timeout(1500)  # a drift correction or two
    (a, length), (b, _) = _phase(host), _phase(tabs[1])
    apart = abs((a - b + length / 2) % length - length / 2)
    assert apart < 0.15, f"the two pages' demo sounds are {apart * 1000:.0f} ms apart"

    # ...and their time turns with the room clock's second, on both pages at once (not on
    # each page's own timer, up to a second apart).
    for page in (host, tabs[1]):
        page.evaluate(_WATCH_TICKS)
    host.wait_for_timeout(3500)
    starts = [t for page in (host, tabs[1]) for t in page.evaluate("() => window.__ticks")]
    assert len(starts) >= 5, starts
    assert max(starts) - min(starts) < 250, f"the elapsed time turned {max(starts) - min(starts)} ms apart"

    # The host removes Gus: every tab of the browser is out, and none can come back in.
    host.get_by_test_id("person").filter(has_text="Gus").get_by_test_id("person-menu").click()
    host.get_by_test_id("remove-person").click()
    expect(host.get_by_test_id("people-count")).to_have_text("1")
    expect(_row(host, waiting).get_by_test_id("queue-score")).to_have_text("0")  # his vote went with him
    fresh = guest_ctx.new_page()
    fresh.goto(f"/party/{code}")
    expect(fresh.get_by_test_id("join-error")).to_contain_text("removed you")
    fresh.get_by_test_id("guest-name").fill("Gus again")
    fresh.get_by_test_id("join-submit").click()
    expect(fresh.get_by_test_id("join-error")).to_contain_text("come back in")
    expect(host.get_by_test_id("people-count")).to_have_text("1")


def test_host_tools_skip_share_handover_chat_and_ending(people: list[BrowserContext]) -> None:
    host_ctx, cora_ctx, _ = people
    host, cora = host_ctx.new_page(), cora_ctx.new_page()
    code = _host_room(host, "Handover party")
    _add_from_search(host, "rock", 0)
    second = _add_from_search(host, "rock", 1)
    sign_up(cora, unique_email("cora"), name="Cora")
    cora.goto(f"/party/{code}")
    expect(cora.get_by_test_id("room-name")).to_have_text("Handover party")

    # Two here at "more than half": both must vote; at 30 % one is enough.
    expect(host.get_by_test_id("skip-count")).to_have_text("0 / 2")
    host.get_by_test_id("room-settings").click()
    host.get_by_test_id("settings-skip-percent").fill("30")
    host.get_by_test_id("settings-name").fill("Handover party!")
    host.get_by_test_id("settings-save").click()
    for page in (host, cora):
        expect(page.get_by_test_id("skip-count")).to_have_text("0 / 1")
        expect(page.get_by_test_id("room-name")).to_have_text("Handover party!")
    cora.get_by_test_id("vote-skip").click()  # one vote of two people present is enough now
    for page in (host, cora):
        expect(page.get_by_test_id("np-title")).to_have_text(second)

    # The chat follows new lines; scrolled up, a marker says there are new ones.
    for n in range(4):  # long lines (the chat allows 5 messages in 10 s)
        host.get_by_test_id("chat-input").fill(f"line {n} " + "la " * 140)
        host.get_by_test_id("chat-send").click()
        expect(host.get_by_test_id("chat-input")).to_have_value("")  # sent: the box is empty again
        expect(cora.get_by_test_id("chat-text").last).to_contain_text(f"line {n} ")
    at_end = "el => el.scrollHeight - el.scrollTop - el.clientHeight < 24"
    chat = cora.get_by_test_id("chat")
    assert chat.evaluate("el => el.scrollHeight > el.clientHeight + 50")  # it does overflow
    assert chat.evaluate("el => el.scrollTop") > 0 and chat.evaluate(at_end)  # followed the new lines
    chat.evaluate("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }")
    host.get_by_test_id("chat-input").fill("are you still reading?")
    host.get_by_test_id("chat-send").click()
    expect(cora.get_by_test_id("chat-text").last).to_have_text("are you still reading?")
    assert chat.evaluate("el => el.scrollTop") == 0  # the reader's place is kept
    cora.get_by_test_id("chat-unread").click()
    cora.wait_for_function(f"() => ({at_end})(document.querySelector('[data-testid=chat]'))")
    # Toasts sit at the top, away from the chat's input.
    cora.get_by_test_id("chat-input").fill("x" * 501)
    cora.get_by_test_id("chat-send").click()
    toast = cora.locator("[data-sonner-toast]").first
    expect(toast).to_be_visible()
    assert toast.bounding_box()["y"] + toast.bounding_box()["height"] < cora.get_by_test_id("chat-input").bounding_box()["y"]

    # Cora becomes co-host; the host leaves; she takes over the host's tools.
    host.get_by_test_id("person").filter(has_text="Cora").get_by_test_id("person-menu").click()
    host.get_by_test_id("promote").click()
    expect(cora.get_by_test_id("skip-now")).to_be_visible()
    expect(cora.get_by_test_id("room-settings")).to_have_count(0)
    host.get_by_test_id("leave").click()
    expect(cora.get_by_test_id("room-settings")).to_be_visible()
    expect(cora.get_by_test_id("person").filter(has_text="Cora")).to_contain_text("Host")

    # The room fits a phone (375 px): nothing runs off the side.
    cora.set_viewport_size({"width": 375, "height": 800})
    expect(cora.get_by_test_id("room-settings")).to_be_visible()
    cora.wait_for_timeout(300)
    wide = cora.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 375, f"the room page is {wide} px wide on a 375 px phone"

    # Ending asks first; "Keep partying" keeps it going.
    cora.get_by_test_id("end-party").click()
    cora.get_by_test_id("end-cancel").click()
    expect(cora.get_by_test_id("ended")).to_have_count(0)
    cora.get_by_test_id("end-party").click()
    cora.get_by_test_id("end-confirm").click()
    expect(cora.get_by_test_id("ended")).to_be_visible()
