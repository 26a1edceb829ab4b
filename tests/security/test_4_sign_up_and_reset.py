"""Item 4 (and 8's first point): sign-up and password reset answer the same way, in about
the same time, whether or not the email has an account; a reset link works once, ends
every other session and is throttled. Through the pages' real state events."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from sqlmodel import select

from services import accounts
from services.accounts import notices
from services.db import session_scope
from services.mail.models import Outbox
from state.account_links import AccountLinkState
from state.auth import AuthState
from tests.security.conftest import Tab, script_of

pytestmark = pytest.mark.usefixtures("db")
PROXY = "10.0.0.1"
TOLERANCE = 0.25  # seconds between the medians of the two answers


def _tab(path: str, address: str, query: dict[str, str] | None = None, token: str = "") -> Tab:
    return Tab(peer=PROXY, forwarded_for=address, path=path, query=query, token=token)


def _answer(tab: Tab) -> tuple[str, str, str]:
    state = tab.state(AccountLinkState)
    return state.sent_to, state.error, state.error_field


def _mails(to: str) -> list[Outbox]:
    notices.drain()
    with session_scope() as db:
        return list(db.exec(select(Outbox).where(Outbox.to == to).order_by(Outbox.id)).all())


async def _timed(handler, form: dict[str, str], path: str, address: str) -> tuple[tuple[str, str, str], float]:  # type: ignore[no-untyped-def]
    tab = _tab(path, address)
    began = time.perf_counter()
    await tab.send(handler, form)
    return _answer(tab), time.perf_counter() - began


async def test_sign_up_answers_alike_for_a_taken_and_a_new_email(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    accounts.register("taken@example.com", "owner pass 123", "Owner")
    taken, new = [], []
    for i in range(3):  # interleaved, so a busy moment of the machine hits both
        taken.append(await _timed(AccountLinkState.sign_up, {"email": "Taken@example.com", "password": f"other pass {i}",
                                                            "display_name": "X"}, "/signup", f"198.51.100.{i}"))
        new.append(await _timed(AccountLinkState.sign_up, {"email": f"new{i}@example.com", "password": f"other pass {i}",
                                                          "display_name": "X"}, "/signup", f"198.51.100.{50 + i}"))
    assert [a for a, _ in taken] == [("taken@example.com", "", "")] * 3
    assert [a for a, _ in new] == [(f"new{i}@example.com", "", "") for i in range(3)]
    a, b = statistics.median(t for _, t in taken), statistics.median(t for _, t in new)
    print(f"sign-up answer: taken email {a:.3f} s, new email {b:.3f} s (medians of 3)")
    assert abs(a - b) < TOLERANCE, (a, b)
    # the owner is told, nothing of theirs changed; the new addresses got confirmation links
    assert _mails("taken@example.com")[0].subject == "Someone tried to sign up with your address"
    assert accounts.authenticate("taken@example.com", "owner pass 123").display_name == "Owner"
    assert _mails("new0@example.com")[0].subject == "Confirm your email address"


async def test_password_reset_answers_alike_for_a_known_and_an_unknown_email(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    accounts.register("known@example.com", "owner pass 123")
    known, unknown = [], []
    for i in range(3):
        known.append(await _timed(AccountLinkState.request_reset, {"email": "known@example.com"}, "/forgot", f"203.0.113.{i}"))
        unknown.append(await _timed(AccountLinkState.request_reset, {"email": f"nobody{i}@example.com"}, "/forgot",
                                    f"203.0.113.{50 + i}"))
    assert {a[1:] for a, _ in known + unknown} == {("", "")}  # no error either way: "if an account uses …"
    a, b = statistics.median(t for _, t in known), statistics.median(t for _, t in unknown)
    print(f"reset answer: known email {a:.3f} s, unknown email {b:.3f} s (medians of 3)")
    assert abs(a - b) < TOLERANCE, (a, b)
    assert len(_mails("known@example.com")) == 3 and _mails("nobody0@example.com") == []


async def test_a_reset_link_works_once_and_ends_every_other_session(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    user, laptop = accounts.sign_up("owner@example.com", "old pass 123")
    _, phone = accounts.sign_in("owner@example.com", "old pass 123")
    await _tab("/forgot", "203.0.113.7").send(AccountLinkState.request_reset, {"email": "owner@example.com"})
    token = re.search(r"/reset\?token=([\w-]+)", _mails("owner@example.com")[-1].text).group(1)  # type: ignore[union-attr]

    page = _tab("/reset", "203.0.113.7", {"token": token})
    await page.send(AccountLinkState.check_link)
    assert page.state(AccountLinkState).link_live
    effects = await page.send(AccountLinkState.reset_password, {"password": "new pass 456"})
    assert "/api/auth/complete?code=" in script_of(effects)  # this browser is signed in anew
    assert accounts.user_for_token(laptop) is None and accounts.user_for_token(phone) is None
    assert accounts.authenticate("owner@example.com", "new pass 456").id == user.id

    again = _tab("/reset", "203.0.113.8", {"token": token})
    await again.send(AccountLinkState.check_link)
    assert not again.state(AccountLinkState).link_live
    await again.send(AccountLinkState.reset_password, {"password": "evil pass 789"})
    assert again.state(AccountLinkState).error.startswith("This link has expired or was already used")
    assert accounts.authenticate("owner@example.com", "new pass 456").id == user.id


async def test_reset_requests_are_throttled_per_address(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY, RATE_RESET_PER_HOUR=3)
    errors = []
    for i in range(4):
        tab = _tab("/forgot", "192.0.2.44")
        await tab.send(AccountLinkState.request_reset, {"email": f"someone{i}@example.com"})
        errors.append(tab.state(AccountLinkState).error)
    assert errors[:3] == ["", "", ""]
    assert errors[3].startswith("Too many password resets from here") and "Try again in" in errors[3]


async def test_an_unconfirmed_account_signs_in_and_is_asked_to_confirm(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    await _tab("/signup", "192.0.2.9").send(AccountLinkState.sign_up, {"email": "fresh@example.com",
                                                                        "password": "fresh pass 123"})
    _, token = accounts.sign_in("fresh@example.com", "fresh pass 123")
    tab = _tab("/", "192.0.2.9", token=token)
    await tab.send(AuthState.check_session)
    assert tab.state(AuthState).signed_in and tab.state(AuthState).email_unconfirmed
    link = re.search(r"/confirm\?token=([\w-]+)", _mails("fresh@example.com")[0].text).group(1)  # type: ignore[union-attr]
    page = _tab("/confirm", "192.0.2.9", {"token": link})
    await page.send(AccountLinkState.check_link)  # opening the link (a mail scanner) changes nothing
    await tab.send(AuthState.check_session)
    assert tab.state(AuthState).email_unconfirmed
    effects = await page.send(AccountLinkState.confirm)
    assert "/api/auth/complete?code=" in script_of(effects)
    await tab.send(AuthState.check_session)
    assert not tab.state(AuthState).email_unconfirmed
