"""Token-bucket rate limits per client address and per account (database or Redis)."""

from __future__ import annotations

import pytest

from services import accounts, ratelimit
from services.accounts import AccountError

pytestmark = pytest.mark.usefixtures("db")


def test_a_bucket_empties_then_refills_with_time(settings) -> None:
    settings(RATE_SIGNUP_PER_HOUR=3)
    for _ in range(3):
        ratelimit.hit("signup", ip="1.2.3.4", now=1000.0)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit("signup", ip="1.2.3.4", now=1001.0)
    assert "Try again in 20 minutes" in refused.value.message  # one token per 1,200 s
    ratelimit.hit("signup", ip="5.6.7.8", now=1001.0)  # another address has its own bucket
    ratelimit.hit("signup", ip="1.2.3.4", now=1000.0 + 1200)  # refilled


def test_a_clock_set_back_never_locks_anyone_out_for_longer_than_the_window(settings) -> None:
    settings(RATE_SIGNUP_PER_HOUR=3)
    for _ in range(3):
        ratelimit.hit("signup", ip="1.2.3.4", now=90_000.0)
    with pytest.raises(ratelimit.RateLimited) as refused:  # the clock went back a day
        ratelimit.hit("signup", ip="1.2.3.4", now=3_600.0)
    assert "Try again in 20 minutes" in refused.value.message
    ratelimit.hit("signup", ip="1.2.3.4", now=3_600.0 + 1200)  # refills from the new "now"


def test_per_account_buckets_are_separate_from_addresses(settings) -> None:
    settings(RATE_EXPENSIVE_PER_MINUTE=2)
    ratelimit.hit("expensive", user_id=7, now=50.0)
    ratelimit.hit("expensive", user_id=7, now=50.0)
    with pytest.raises(ratelimit.RateLimited, match="heavy actions"):
        ratelimit.hit("expensive", user_id=7, now=50.5)
    ratelimit.hit("expensive", user_id=8, now=50.5)


def test_sign_up_and_sign_in_are_limited_per_address_with_clear_messages(settings) -> None:
    settings(RATE_SIGNUP_PER_HOUR=2, RATE_SIGNIN_PER_MINUTE=3)
    accounts.sign_up("r1@example.com", "good pass 123", client_ip="9.9.9.9")
    accounts.sign_up("r2@example.com", "good pass 123", client_ip="9.9.9.9")
    with pytest.raises(AccountError, match="Too many new accounts") as refused:
        accounts.sign_up("r3@example.com", "good pass 123", client_ip="9.9.9.9")
    assert refused.value.field == "email"
    for _ in range(3):
        accounts.sign_in("r1@example.com", "good pass 123", "8.8.8.8")
    with pytest.raises(AccountError, match="Too many sign-in attempts"):
        accounts.sign_in("r1@example.com", "good pass 123", "8.8.8.8")
    # the account itself is limited too, whatever address it is tried from
    with pytest.raises(AccountError, match="Too many sign-in attempts"):
        accounts.sign_in("r1@example.com", "good pass 123", "7.7.7.7")


def test_a_zero_limit_turns_the_rule_off(settings) -> None:
    settings(RATE_DEMO_PER_HOUR=0)
    for _ in range(50):
        ratelimit.hit("demo", ip="1.1.1.1")


@pytest.mark.redis
def test_redis_buckets_when_redis_is_configured(settings) -> None:
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    settings(REDIS_URL="redis://127.0.0.1:6379/0", RATE_SIGNUP_PER_HOUR=2)
    ip = f"redis-test-{id(object())}"
    ratelimit.hit("signup", ip=ip, now=10.0)
    ratelimit.hit("signup", ip=ip, now=10.0)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit("signup", ip=ip, now=11.0)
    ratelimit.hit("signup", ip=ip, now=10.0 + 1800)
