"""One in-memory cache for the whole app: entries expire `ttl` seconds after they were
stored (never, with `ttl=None`), and past `max_entries` the least recently used go.

Thread-safe (one lock per cache; a value is loaded outside it, so a slow load never
blocks readers of other keys), and the clock is injected so tests control time.

    covers: Cache[str, bytes] = Cache(max_entries=500)
    png = covers.get_or_load(key, lambda: draw(key))

It is per process: what must be shared between workers or survive a restart belongs
in the database (the events and Spotify caches are tables).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Cache(Generic[K, V]):
    """A thread-safe TTL + LRU cache."""

    def __init__(self, max_entries: int = 1024, ttl: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1:
            raise ValueError("a cache holds at least one entry")
        if ttl is not None and ttl <= 0:
            raise ValueError("ttl must be positive (or None for no expiry)")
        self.max_entries, self.ttl, self._clock = max_entries, ttl, clock
        self._data: OrderedDict[K, tuple[float, V]] = OrderedDict()  # key -> (expires, value), oldest use first
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value, or None when it is missing or expired."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return entry[1]

    def put(self, key: K, value: V) -> None:
        with self._lock:
            now = self._clock()
            self._data[key] = (now + self.ttl if self.ttl is not None else float("inf"), value)
            self._data.move_to_end(key)
            if len(self._data) > self.max_entries:
                for stale in [k for k, (expires, _) in self._data.items() if expires <= now]:
                    del self._data[stale]
                while len(self._data) > self.max_entries:
                    self._data.popitem(last=False)

    def get_or_load(self, key: K, load: Callable[[], V]) -> V:
        """The cached value, or `load()` stored and returned (two threads missing the same
        key at once may both load it; the last one stored wins)."""
        with self._lock:
            entry = self._data.get(key)
            if entry is not None and entry[0] > self._clock():
                self._data.move_to_end(key)
                return entry[1]
        value = load()
        self.put(key, value)
        return value

    def pop(self, key: K) -> V | None:
        with self._lock:
            entry = self._data.pop(key, None)
            return entry[1] if entry is not None else None

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)
