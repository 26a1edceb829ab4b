"""The sign-in backoff: growing delays per address, per (account, address) and per
account from many addresses, with the owner never locked out (time is injected)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.accounts import throttle
from services.db import session_scope

pytestmark = pytest.mark.usefixtures("db")
T0 = datetime(2030, 1, 1, 12, tzinfo=timezone.utc)


def _fail(email: str, address: str, at: datetime, times: int = 1) -> None:
    with session_scope() as db:
        for _ in range(times):
            throttle.record_failure(db, email, address, now=at)


def _wait(email: str, address: str, at: datetime, known: bool = False) -> int:
    with session_scope() as db:
        return throttle.seconds_to_wait(db, email, address, known_device=known, now=at)


def test_delays_double_after_the_free_tries() -> None:
    assert [throttle.delay_after(n, 3) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert throttle.delay_after(40, 3) == throttle.MAX_DELAY


def test_a_guessing_address_waits_longer_each_time_and_others_do_not() -> None:
    _fail("a@example.com", "1.1.1.1", T0, times=3)
    assert _wait("a@example.com", "1.1.1.1", T0) == 2
    _fail("a@example.com", "1.1.1.1", T0 + timedelta(seconds=2))
    assert _wait("a@example.com", "1.1.1.1", T0 + timedelta(seconds=2)) == 4
    assert _wait("a@example.com", "2.2.2.2", T0 + timedelta(seconds=2)) == 0  # the owner elsewhere
    assert _wait("a@example.com", "1.1.1.1", T0 + timedelta(seconds=6)) == 0  # the delay passes


def test_one_address_against_many_accounts_is_slowed_too() -> None:
    for i in range(throttle.FREE_PER_ADDRESS):
        _fail(f"user{i}@example.com", "3.3.3.3", T0)
    assert _wait("fresh@example.com", "3.3.3.3", T0) == 2


def test_many_addresses_against_one_account_slow_unknown_browsers_only() -> None:
    for i in range(throttle.FREE_PER_ACCOUNT):
        _fail("b@example.com", f"10.0.0.{i}", T0)
    assert _wait("b@example.com", "10.9.9.9", T0) == 2
    assert _wait("b@example.com", "10.9.9.9", T0, known=True) == 0  # a browser that signed in before


def test_failures_older_than_the_window_are_forgotten() -> None:
    _fail("c@example.com", "4.4.4.4", T0, times=10)
    assert _wait("c@example.com", "4.4.4.4", T0 + throttle.WINDOW + timedelta(seconds=1)) == 0
    with session_scope() as db:
        assert throttle.purge_old_failures(db, now=T0 + throttle.WINDOW + timedelta(seconds=1)) == 10
