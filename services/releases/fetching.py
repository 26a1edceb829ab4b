"""Calling a music source politely: a bounded pool, a shared rate-limit pause, retries.

Sources are synchronous (spotipy), so calls run on a private thread pool of
`concurrency` threads while asyncio keeps the bookkeeping. A 429 is always
honoured: the refused request is retried no sooner than its `Retry-After`. A
short wait (under `pause_all_after`) is a nudge, so only that request waits and
the others carry on; a long one means the app as a whole is over its limit, so
every request waits until that moment. Server errors and network failures are
retried with exponential backoff and full jitter. Other errors (404, revoked
access) are not retried.

Also the TTL cache that lets one artist's albums serve everyone who follows them,
and `reason_for`, the words a failure is counted and shown under.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
Verdict = Literal["rate_limited", "transient", "fatal"]


def _status(exc: BaseException) -> int | None:
    for name in ("http_status", "status_code", "status"):
        value = getattr(exc, name, None)
        if isinstance(value, int):
            return value
    response = getattr(exc, "response", None)
    value = getattr(response, "status_code", None)
    return value if isinstance(value, int) else None


def _retry_after(exc: BaseException) -> float | None:
    value: Any = getattr(exc, "retry_after", None)
    if value is None:
        headers = getattr(exc, "headers", None) or getattr(getattr(exc, "response", None), "headers", None) or {}
        try:
            value = headers.get("Retry-After") or headers.get("retry-after")
        except AttributeError:
            value = None
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def classify(exc: BaseException) -> tuple[Verdict, float | None]:
    """What to do about a failed call: wait `Retry-After`, back off and retry, or give up.

    Reads the shapes our adapters raise (`RateLimited.retry_after`, `SpotifyUnavailable`),
    spotipy's `SpotifyException` (`http_status`, `headers`) and httpx errors, walking
    the `__cause__` chain so wrapped errors are recognised too.
    """
    seen: BaseException | None = exc
    while seen is not None:
        status = _status(seen)
        wait = _retry_after(seen)
        if status == 429 or (wait is not None and type(seen).__name__ == "RateLimited"):
            return "rate_limited", wait if wait is not None else 1.0
        if status is not None and 500 <= status < 600:
            return "transient", None
        if type(seen).__name__ in {"SpotifyUnavailable", "ReadTimeout", "ConnectTimeout", "ConnectError"}:
            return "transient", None
        if isinstance(seen, (ConnectionError, TimeoutError)):
            return "transient", None
        seen = seen.__cause__
    return "fatal", None


REFUSED = "Spotify refused the request"
UNAVAILABLE = "Spotify was unavailable"
SLOW_DOWN = "Spotify asked us to slow down"
NOT_ALLOWED = "Spotify does not serve this account (it is not on the app's user list)"
ACCESS_ENDED = "Spotify access ended: reconnect Spotify"
NOT_FOUND = "Spotify no longer knows this artist"
UNEXPECTED = "an unexpected error"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__
    return seen


def reason_for(exc: BaseException) -> str:
    """Why a call failed, in the words a person and an operator read (counted per reason)."""
    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    if "NotOnAllowList" in names:
        return NOT_ALLOWED
    if names & {"ReconnectNeeded", "NotConnected"}:
        return ACCESS_ENDED
    verdict, _wait = classify(exc)
    if verdict == "rate_limited":
        return SLOW_DOWN
    if verdict == "transient":
        return UNAVAILABLE
    statuses = [st for st in (_status(e) for e in chain) if st is not None]
    if "NotFound" in names or 404 in statuses:
        return NOT_FOUND
    if any(400 <= st < 500 for st in statuses) or any(hasattr(e, "message") for e in chain):
        return REFUSED
    return UNEXPECTED


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: `attempts` in all, backoff `base * 2**n` capped at `cap`, with full jitter.

    A `Retry-After` of `pause_all_after` seconds or more pauses every request; one
    longer than `max_retry_after` is not waited for: the call fails and the next
    scan tries again.
    """

    attempts: int = 5
    base: float = 0.5
    cap: float = 20.0
    pause_all_after: float = 5.0
    max_retry_after: float = 120.0


class RequestPool:
    """Runs source calls with bounded concurrency, a shared rate-limit pause and retries.

    Counts every request made (`calls`, including the ones answered 429 or 5xx),
    `retries` and `rate_limited` answers. Use as `async with RequestPool(...) as pool`.
    """

    def __init__(
        self,
        concurrency: int = 8,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.policy = policy or RetryPolicy()
        self._sleep, self._clock = sleep, clock
        self._rng = rng or random.Random()
        self._sem: asyncio.Semaphore | None = None
        self._executor: ThreadPoolExecutor | None = None
        self.pause_until = 0.0
        self.calls = 0
        self.retries = 0
        self.rate_limited = 0
        self.waited = 0.0

    async def __aenter__(self) -> RequestPool:
        self._sem = asyncio.Semaphore(self.concurrency)
        self._executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="releases-fetch")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def _respect_pause(self) -> None:
        while (delay := self.pause_until - self._clock()) > 0:
            self.waited += delay
            await self._sleep(delay)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on the pool, retried per the policy; raises the last error."""
        assert self._sem is not None and self._executor is not None, "use `async with RequestPool()`"
        loop = asyncio.get_running_loop()
        for attempt in range(self.policy.attempts):
            await self._respect_pause()
            async with self._sem:
                await self._respect_pause()
                self.calls += 1
                try:
                    return await loop.run_in_executor(self._executor, partial(fn, *args))
                except Exception as exc:
                    verdict, wait = classify(exc)
                    last_try = attempt == self.policy.attempts - 1
                    if verdict == "fatal" or last_try:
                        raise
                    delay = 0.0
                    if verdict == "rate_limited":
                        self.rate_limited += 1
                        wait = wait or 0.0
                        if wait > self.policy.max_retry_after:
                            raise
                        if wait >= self.policy.pause_all_after:
                            self.pause_until = max(self.pause_until, self._clock() + wait)
                        else:
                            delay = wait
                    else:
                        delay = self._rng.uniform(0, min(self.policy.cap, self.policy.base * 2**attempt))
            # Waiting outside the semaphore leaves the slot to requests that may proceed.
            self.retries += 1
            if delay > 0:
                self.waited += delay
                await self._sleep(delay)
        raise AssertionError("unreachable")


@dataclass
class _Entry(Generic[V]):
    expires: float
    value: V


class TTLCache(Generic[K, V]):
    """A small thread-safe cache whose entries expire `ttl` seconds after they were stored."""

    def __init__(self, ttl: float, max_entries: int = 20_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self._clock = ttl, max_entries, clock
        self._data: dict[K, _Entry[V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry.expires <= self._clock():
                del self._data[key]
                return None
            return entry.value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            if len(self._data) >= self.max_entries:
                now = self._clock()
                for stale in [k for k, e in self._data.items() if e.expires <= now] or list(self._data)[: self.max_entries // 10]:
                    del self._data[stale]
            self._data[key] = _Entry(self._clock() + self.ttl, value)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True)
class ArtistAlbums:
    """What one read of an artist's listing found: every album on the pages read (in the
    groups asked for, back to `since`), entries that could not be read, and when."""

    since: dt.date
    albums: tuple[Any, ...]
    groups: frozenset[str] = frozenset()
    skipped: int = 0
    fetched_at: float = 0.0  # time.time() of the read

    def serves(self, since: dt.date, groups: frozenset[str], fresh_after: float = 0.0) -> bool:
        """Whether this read answers a need for `groups` back to `since`, read after `fresh_after`."""
        return self.since <= since and groups <= self.groups and self.fetched_at >= fresh_after
