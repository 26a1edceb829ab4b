"""The digest panel and the outbox page, driven through their real handlers: bad input
is refused with the field named and nothing saved; a new address waits for confirmation;
the outbox shows only the signed-in person's own mail; the view helpers behind them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import reflex as rx

from services import accounts, job_results
from services.job_results import Outcome
from services.releases.digests import DIGEST_JOB
from services.releases.digest_view import mail_links, preview_html, when_text
from tests.state.tabs import with_session_cookie
from state.digests import DigestState, OutboxState

pytestmark = pytest.mark.usefixtures("db")


async def _states(email: str) -> tuple[DigestState, OutboxState, int]:
    user, token = accounts.sign_up(email, "good pass 123", "Dee")
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    with_session_cookie(root, token)
    return await root.get_state(DigestState), await root.get_state(OutboxState), user.id


async def test_opting_in_refuses_bad_input_then_waits_for_confirmation() -> None:
    digest, outbox, _uid = await _states("dee@example.com")
    follow_up = await DigestState.load.fn(digest)
    assert digest.status == "none" and digest.email == "dee@example.com" and follow_up is not None  # asks the browser's zone
    DigestState.set_browser_zone.fn(digest, "Europe/Berlin")
    assert digest.time_zone == "Europe/Berlin"

    DigestState.set_email.fn(digest, "not-an-email")
    await DigestState.save.fn(digest)
    assert digest.status == "none" and digest.error_field == "email" and "valid email address" in digest.error
    DigestState.set_email.fn(digest, "inbox@example.com")
    assert digest.error == ""  # editing the field clears its error
    DigestState.set_weekday.fn(digest, "Friday")  # not a number: refused, nothing saved
    await DigestState.save.fn(digest)
    assert digest.status == "none" and digest.error_field == "weekday"

    DigestState.set_weekday.fn(digest, "4")
    await DigestState.save.fn(digest)
    assert digest.status == "pending" and "confirmation link to inbox@example.com" in digest.message

    await OutboxState.load.fn(outbox)
    assert [m["subject"] for m in outbox.mails] == ["Confirm your new-release digest"]
    assert any("/releases/confirm?token=" in link for link in outbox.links)


async def test_the_outbox_shows_only_ones_own_mail() -> None:
    _mine, my_outbox, _me = await _states("mine@example.com")
    theirs, their_outbox, _them = await _states("theirs@example.com")
    await DigestState.load.fn(theirs)
    DigestState.set_email.fn(theirs, "theirs@example.com")
    await DigestState.save.fn(theirs)
    await OutboxState.load.fn(their_outbox)
    their_mail = their_outbox.mails[0]["id"]

    await OutboxState.load.fn(my_outbox)
    await OutboxState.open_mail.fn(my_outbox, their_mail)
    assert my_outbox.mails == [] and my_outbox.selected == 0 and my_outbox.subject == ""
    await OutboxState.open_mail.fn(my_outbox, "not a number")
    assert my_outbox.selected == 0


def test_the_panels_words_links_and_preview() -> None:
    at = dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)
    assert when_text(at, "Europe/Berlin") == "Fri 20 Nov 2026, 09:00 Europe/Berlin"
    assert when_text(at, "Not/AZone").endswith("08:00 Not/AZone") and when_text(None, "UTC") == ""
    text = "Confirm: http://localhost:3000/releases/confirm?token=abc.def\n\nSee http://localhost:3000/releases."
    assert mail_links(text) == ["http://localhost:3000/releases/confirm?token=abc.def", "http://localhost:3000/releases"]
    assert '<base target="_blank">' in preview_html("<!doctype html><html><body>x</body></html>")



async def test_a_digest_that_could_not_be_sent_is_shown_on_the_panel() -> None:
    digest, _outbox, user_id = await _states("late@example.com")
    await DigestState.load.fn(digest)
    DigestState.set_email.fn(digest, "late@example.com")
    await DigestState.save.fn(digest)
    job_results.record_people(DIGEST_JOB, {user_id: Outcome(0, 1, Counter({"the mail server refused it": 1}))})
    await DigestState.load.fn(digest)
    assert digest.problem == "Your last digest could not be sent: the mail server refused it. It is tried again within ten minutes."
    job_results.record_people(DIGEST_JOB, {user_id: Outcome(1, 0)})
    await DigestState.load.fn(digest)
    assert digest.problem == ""
