"""Rate limits: the app's one token bucket (`take`), and the rules built on it per
client address or account.

A bucket holds up to `capacity` tokens and refills `capacity` per `window`; each
action takes one, and an empty bucket refuses with a message saying how long to
wait. Buckets live in the database (`rate_bucket`), or in Redis when `REDIS_URL`
is set (one atomic Lua script per hit, so several workers share them).

    from services import ratelimit
    ratelimit.hit("signup", ip=client_ip)                 # raises RateLimited(.message)
    ratelimit.hit("expensive", user_id=user.id)           # e.g. a beat generation

Limits are settings (`RATE_SIGNUP_PER_HOUR`, `RATE_DEMO_PER_HOUR`,
`RATE_SIGNIN_PER_MINUTE`, `RATE_RESET_PER_HOUR`, `RATE_EXPENSIVE_PER_MINUTE`); 0 turns a rule off.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete

from services.config import get_settings
from services.db import session_scope
from services.counters import RateBucket


@dataclass(frozen=True)
class Rule:
    name: str
    setting: str
    window: float  # seconds in which `capacity` tokens refill
    what: str  # "sign-ups" for the message

    @property
    def capacity(self) -> int:
        return int(getattr(get_settings(), self.setting))


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("signup", "rate_signup_per_hour", 3600.0, "new accounts"),
        Rule("demo", "rate_demo_per_hour", 3600.0, "demo accounts"),
        Rule("signin", "rate_signin_per_minute", 60.0, "sign-in attempts"),
        Rule("reset", "rate_reset_per_hour", 3600.0, "password resets"),
        Rule("expensive", "rate_expensive_per_minute", 60.0, "heavy actions"),
        Rule("party_search", "rate_party_search_per_minute", 60.0, "searches in this party"),
        Rule("api", "rate_api_per_minute", 60.0, "requests with this token"),
    )
}


class RateLimited(Exception):
    """Too many actions too fast; `retry_after` seconds until the next is allowed."""

    def __init__(self, rule: Rule, retry_after: float) -> None:
        self.rule, self.retry_after = rule, max(1, math.ceil(retry_after))
        wait = f"{self.retry_after} seconds" if self.retry_after < 120 else f"{math.ceil(self.retry_after / 60)} minutes"
        self.message = f"Too many {rule.what} from here in a short time. Try again in {wait}."
        super().__init__(self.message)


def _take_db(key: str, capacity: float, rate: float, now: float) -> float:
    """Refill-and-take in one UPDATE (so two processes can never both spend the last
    token); the bucket is created full on first use."""
    table = RateBucket.__table__
    refilled = table.c.tokens + (now - table.c.updated) * rate
    capped = case((refilled > capacity, capacity), else_=refilled)
    with session_scope() as db:
        # A clock set back (NTP, a restored VM) must not drain the bucket for ages: it refills from now.
        db.execute(update(table).where(table.c.key == key, table.c.updated > now).values(updated=now))
        taken = db.execute(update(table).where(table.c.key == key, capped >= 1.0).values(tokens=capped - 1.0, updated=now)).rowcount
        if taken:
            return 0.0
        row = db.get(RateBucket, key)
        if row is None:
            try:
                with db.begin_nested():
                    db.add(RateBucket(key=key, tokens=capacity - 1.0, updated=now))
                return 0.0
            except IntegrityError:  # another worker created it first: take from that one
                row = db.get(RateBucket, key)
                if row is None:
                    return 1.0 / rate
                db.refresh(row)
        tokens = min(capacity, row.tokens + max(0.0, now - row.updated) * rate)
        return max(0.0, (1.0 - tokens) / rate)


_LUA = """
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(b[1]) or cap; local upd = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - upd) * rate)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(cap / rate) + 60)
return tostring(wait)
"""


@lru_cache(maxsize=1)
def _redis(url: str):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(url)


def _take_redis(url: str, key: str, capacity: float, rate: float, now: float) -> float:
    return float(_redis(url).eval(_LUA, 1, f"sbm:rate:{key}", capacity, rate, now))


def take(key: str, capacity: float, rate: float, now: float | None = None) -> float:
    """Take one token from the bucket `key` (holding up to `capacity`, refilled at `rate`
    tokens per second); returns 0 when taken, else the seconds until one is there.

    The one token bucket of the app: the rules below, and the outside APIs' request
    rates (`services.events.quota`) use it. Redis when `REDIS_URL` is set, else the
    database, so every worker and the scheduler draw from the same bucket.
    """
    now = time.time() if now is None else now
    key = key[:300]
    url = get_settings().redis_url
    return _take_redis(url, key, capacity, rate, now) if url else _take_db(key, capacity, rate, now)


def hit(rule_name: str, *, ip: str = "", user_id: int | None = None, token_id: int | None = None,
        key: str = "", now: float | None = None) -> None:
    """Take one token from each bucket that applies (address, account or one personal
    access token of that account: `token_id`, and/or another `key`, e.g. a hashed email
    with no account); raises `RateLimited` when one is empty."""
    rule = RULES[rule_name]
    capacity = rule.capacity
    if capacity <= 0:
        return
    now = time.time() if now is None else now
    whos = [f"ip:{ip}"] if ip else []
    if user_id is not None:  # a token's bucket still ends in ":user:<id>", so `forget_account` finds it
        whos.append(f"token:{int(token_id)}:user:{int(user_id)}" if token_id is not None else f"user:{int(user_id)}")
    whos += [f"key:{key}"] if key else []
    for who in whos:
        wait = take(f"{rule.name}:{who}", capacity, capacity / rule.window, now)
        if wait > 0:
            raise RateLimited(rule, wait)


def purge_full_buckets(now: float | None = None) -> int:
    """Drop database buckets idle long enough to be full again (they mean nothing)."""
    now = time.time() if now is None else now
    longest = max(r.window for r in RULES.values())
    with session_scope() as db:
        result = db.exec(delete(RateBucket).where(col(RateBucket.updated) < now - longest))  # type: ignore[call-overload]
        return int(result.rowcount or 0)


def forget_account(db, user_id: int) -> int:  # type: ignore[no-untyped-def]
    """Drop an account's buckets (for account deletion)."""
    result = db.exec(delete(RateBucket).where(col(RateBucket.key).like(f"%:user:{int(user_id)}")))  # type: ignore[call-overload]
    return int(result.rowcount or 0)
