"""Item 4: sign-in throttling without lock-out, through the sign-in form's real state
event: growing delays with "Try again in N s", the owner still signs in from another
address, the owner gets a notice, and a wrong email answers like a wrong password."""

from __future__ import annotations

import statistics
import time

import pytest
from sqlmodel import select

from services import accounts
from services.accounts import notices, throttle
from services.db import session_scope
from services.mail.models import Outbox
from state.auth import AuthState
from tests.security.conftest import Tab, script_of

pytestmark = pytest.mark.usefixtures("db")
PROXY = "10.0.0.1"  # our reverse proxy: the client address comes from X-Forwarded-For


async def _sign_in(email: str, password: str, address: str, cookies: dict[str, str] | None = None) -> tuple[Tab, list]:
    tab = Tab(peer=PROXY, forwarded_for=address, path="/login", cookies=cookies)
    effects = await tab.send(AuthState.sign_in, {"email": email, "password": password})
    return tab, effects


async def test_twenty_wrong_passwords_from_one_address_never_lock_the_owner_out(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    accounts.register("owner@example.com", "right pass 123")
    messages = []
    for _ in range(20):
        tab, _ = await _sign_in("owner@example.com", "wrong pass 123", "198.51.100.7")
        messages.append(tab.state(AuthState).error)
    assert messages[0] == "Wrong email or password."
    waits = [m for m in messages if m.startswith("Too many failed attempts. Try again in ")]
    assert waits, messages  # the guesser is told to wait, in seconds

    tab, effects = await _sign_in("owner@example.com", "right pass 123", "203.0.113.9")  # the owner, elsewhere
    assert tab.state(AuthState).error == ""
    assert "/api/auth/complete?code=" in script_of(effects)


async def test_the_delay_grows_and_is_said_in_seconds(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    accounts.register("grow@example.com", "right pass 123")
    for _ in range(throttle.FREE_PER_PAIR):
        await _sign_in("grow@example.com", "wrong pass 123", "198.51.100.8")
    tab, _ = await _sign_in("grow@example.com", "right pass 123", "198.51.100.8")
    assert tab.state(AuthState).error == "Too many failed attempts. Try again in 2 s."
    time.sleep(2.1)
    tab, _ = await _sign_in("grow@example.com", "wrong pass 123", "198.51.100.8")
    tab, _ = await _sign_in("grow@example.com", "right pass 123", "198.51.100.8")
    assert tab.state(AuthState).error == "Too many failed attempts. Try again in 4 s."


async def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(settings) -> None:
    settings(TRUSTED_PROXIES="")
    accounts.register("spoof@example.com", "right pass 123")
    for i in range(throttle.FREE_PER_PAIR):  # a guesser "rotating" addresses in a header
        await _sign_in("spoof@example.com", "wrong pass 123", f"192.0.2.{i}")
    tab, _ = await _sign_in("spoof@example.com", "right pass 123", "192.0.2.99")
    assert tab.state(AuthState).error.startswith("Too many failed attempts")  # all counted on the peer


async def test_many_failures_send_the_owner_one_notice(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    owner = accounts.register("notice@example.com", "right pass 123")
    for i in range(throttle.NOTICE_AT + 3):  # from many addresses, so no backoff stops them
        await _sign_in("notice@example.com", "wrong pass 123", f"198.51.100.{100 + i}")
    notices.drain()  # account mail goes out after the answer
    with session_scope() as db:
        mails = db.exec(select(Outbox).where(Outbox.user_id == owner.id)).all()
    assert len(mails) == 1 and mails[0].subject == "Failed sign-ins to your account"
    assert f"{throttle.NOTICE_AT} times" in mails[0].text


async def test_a_wrong_email_answers_like_a_wrong_password_in_about_the_same_time(settings) -> None:
    settings(TRUSTED_PROXIES=PROXY)
    accounts.register("real@example.com", "right pass 123")

    async def timed(email: str, i: int) -> tuple[str, float]:
        began = time.perf_counter()
        tab, _ = await _sign_in(email, "wrong pass 123", f"203.0.113.{i}")
        return tab.state(AuthState).error, time.perf_counter() - began

    known, unknown = [], []
    for i in range(5):  # interleaved, so a busy moment of the machine hits both
        known.append(await timed("real@example.com", i))
        unknown.append(await timed("nobody@example.com", 10 + i))
    assert {m for m, _ in known} == {m for m, _ in unknown} == {"Wrong email or password."}
    a, b = statistics.median(t for _, t in known), statistics.median(t for _, t in unknown)
    print(f"sign-in answer: wrong password {a:.3f} s, unknown email {b:.3f} s (medians of 5)")
    assert abs(a - b) < 0.5 * max(a, b), (a, b)  # both check an argon2 hash
