"""Our side of Ticketmaster's limits: 5 requests/s and 5,000/day, shared through the database."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.events.errors import QuotaExhausted, RateLimited
from services.events.quota import RateLimiter, ticketmaster_limiter

pytestmark = pytest.mark.usefixtures("db")


class FakeClock:
    def __init__(self, start: float) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _limiter(clock: FakeClock, **kw: object) -> RateLimiter:
    return ticketmaster_limiter(clock=clock, sleep=clock.sleep, **kw)


def test_five_requests_pass_at_once_and_the_sixth_waits_a_fifth_of_a_second() -> None:
    clock = FakeClock(datetime(2030, 1, 1, 12, tzinfo=timezone.utc).timestamp())
    limiter = _limiter(clock)
    for _ in range(5):
        limiter.acquire()
    assert clock.slept == []
    limiter.acquire()
    assert sum(clock.slept) == pytest.approx(0.2)


def test_sustained_rate_never_exceeds_five_per_second() -> None:
    clock = FakeClock(datetime(2030, 1, 1, 12, tzinfo=timezone.utc).timestamp())
    limiter = _limiter(clock)
    began = clock.now
    for _ in range(25):
        limiter.acquire()
    assert (25 - 5) / (clock.now - began) <= 5.0 + 1e-9


def test_two_workers_share_one_bucket() -> None:
    clock = FakeClock(datetime(2030, 1, 1, 12, tzinfo=timezone.utc).timestamp())
    a, b = _limiter(clock), _limiter(clock)
    for _ in range(3):
        a.acquire()
    b.acquire()
    b.acquire()
    with pytest.raises(RateLimited):
        _limiter(clock, max_wait=0.0).acquire()


def test_daily_quota_is_counted_in_the_database_and_resets_the_next_utc_day() -> None:
    clock = FakeClock(datetime(2030, 1, 1, 23, 59, tzinfo=timezone.utc).timestamp())
    limiter = _limiter(clock, daily_limit=3)
    for _ in range(3):
        limiter.acquire()
        clock.now += 1
    restarted = _limiter(clock, daily_limit=3)  # a new process sees the same count
    assert restarted.used_today() == 3
    with pytest.raises(QuotaExhausted, match="3 Ticketmaster requests"):
        restarted.acquire()
    clock.now = datetime(2030, 1, 2, 0, 0, 1, tzinfo=timezone.utc).timestamp()
    restarted.acquire()
    assert restarted.used_today() == 1


def test_the_default_limits_are_ticketmasters() -> None:
    limiter = ticketmaster_limiter()
    assert (limiter.rate, limiter.burst, limiter.daily_limit) == (5.0, 5.0, 5000)
