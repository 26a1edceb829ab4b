"""The sign-up / forgot / reset / confirm state: what the forms show for bad input and
dead links, and the banner's "Send it again" (the security side is in
tests/security/test_4_sign_up_and_reset.py)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from services import accounts
from services.accounts import notices, recovery
from services.db import session_scope
from services.mail.models import Outbox
from state.account_links import AccountLinkState
from tests.security.conftest import Tab

pytestmark = pytest.mark.usefixtures("db")


async def test_bad_sign_up_input_is_said_under_its_field_and_nothing_is_sent() -> None:
    tab = Tab(path="/signup")
    await tab.send(AccountLinkState.sign_up, {"email": "not-an-email", "password": "good pass 123"})
    state = tab.state(AccountLinkState)
    assert (state.sent_to, state.error_field) == ("", "email") and "valid email" in state.error
    await tab.send(AccountLinkState.sign_up, {"email": "ok@example.com", "password": "abc"})
    assert state.error_field == "password" and "at least 8" in state.error and not state.busy


async def test_a_dead_or_missing_link_shows_the_dead_link_card() -> None:
    for query in ({"token": "made-up"}, {}):
        tab = Tab(path="/reset", query=query)
        await tab.send(AccountLinkState.check_link)
        assert tab.state(AccountLinkState).link_checked and not tab.state(AccountLinkState).link_live
    tab = Tab(path="/confirm", query={"token": "x" * 500})
    await tab.send(AccountLinkState.check_link)
    assert not tab.state(AccountLinkState).link_live
    assert await tab.send(AccountLinkState.confirm) == [] and not tab.state(AccountLinkState).link_live


async def test_send_it_again_mails_a_new_link_then_says_when_the_allowance_is_spent() -> None:
    recovery.request_sign_up("banner@example.com", "good pass 123")
    _, token = accounts.sign_in("banner@example.com", "good pass 123")
    tab = Tab(token=token)
    said = []
    for _ in range(recovery.CONFIRMS_PER_ACCOUNT):
        said += await tab.send(AccountLinkState.resend_confirmation)
    notices.drain()
    with session_scope() as db:
        sent = db.exec(select(Outbox).where(Outbox.to == "banner@example.com")).all()
    assert len(sent) == recovery.CONFIRMS_PER_ACCOUNT  # the sign-up's link and the resends within the hour
    words = [str(effect.args) for effect in said]
    assert all("is on its way" in w for w in words[:-1]) and "several links in the last hour" in words[-1]
