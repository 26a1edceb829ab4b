"""The one in-memory cache: entries expire by the injected clock, the least recently
used go first when it is full, and threads share it safely."""

from __future__ import annotations

import threading

import pytest

from services.cache import Cache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_ttl_seconds_after_they_were_stored() -> None:
    clock = Clock()
    cache: Cache[str, int] = Cache(ttl=60, clock=clock)
    cache.put("a", 1)
    clock.now += 59.9
    assert cache.get("a") == 1
    clock.now += 0.1
    assert cache.get("a") is None and len(cache) == 0


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: Cache[str, int] = Cache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_expired_entries_make_room_before_live_ones() -> None:
    clock = Clock()
    cache: Cache[str, int] = Cache(max_entries=2, ttl=10, clock=clock)
    cache.put("old", 1)
    clock.now += 5
    cache.put("young", 2)
    clock.now += 6  # "old" expired, "young" has 4 s left
    cache.put("new", 3)
    assert cache.get("young") == 2 and cache.get("new") == 3 and len(cache) == 2


def test_get_or_load_loads_once_until_it_expires() -> None:
    clock = Clock()
    cache: Cache[str, list[int]] = Cache(ttl=300, clock=clock)
    loads: list[int] = []

    def load() -> list[int]:
        loads.append(1)
        return [len(loads)]

    assert cache.get_or_load("k", load) == [1] and cache.get_or_load("k", load) == [1]
    clock.now += 300
    assert cache.get_or_load("k", load) == [2] and len(loads) == 2
    assert cache.pop("k") == [2] and cache.get("k") is None


def test_a_failed_load_stores_nothing() -> None:
    cache: Cache[str, int] = Cache()

    def broken() -> int:
        raise RuntimeError("down")

    with pytest.raises(RuntimeError):
        cache.get_or_load("k", broken)
    assert len(cache) == 0


def test_threads_share_one_bounded_cache() -> None:
    cache: Cache[int, int] = Cache(max_entries=100)

    def work(offset: int) -> None:
        for i in range(2000):
            cache.put((i * 7 + offset) % 500, i)
            cache.get(i % 500)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 100


def test_nonsense_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        Cache(max_entries=0)
    with pytest.raises(ValueError):
        Cache(ttl=0)
