"""The Spotify answer cache: expiry, per-user scope, invalidation, one fetch for concurrent callers."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from services.db import session_scope
from services.spotify import cache
from tests.contract.fake_spotify import make_user

pytestmark = pytest.mark.usefixtures("db")


def test_answers_are_reused_until_they_expire() -> None:
    user = make_user()
    calls: list[int] = []

    def fetch() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    assert cache.cached(user, "me:top", "list", timedelta(seconds=60), fetch) == {"n": 1}
    assert cache.cached(user, "me:top", "list", timedelta(seconds=60), fetch) == {"n": 1}
    assert cache.cached(user, "me:recent", "list", timedelta(milliseconds=1), fetch) == {"n": 2}
    time.sleep(0.01)
    assert cache.cached(user, "me:recent", "list", timedelta(seconds=60), fetch) == {"n": 3}


def test_each_user_has_their_own_entries_and_invalidation_is_by_prefix() -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    for user in (ana, bo):
        cache.write(user, "me:playlists:20:0", "list", timedelta(minutes=1), [user])
        cache.write(user, "artist:a1", "catalog", timedelta(hours=1), {"id": "a1"})
    cache.invalidate(ana, "me:playlists")
    assert cache.read(ana, "me:playlists:20:0") is cache._MISSING
    assert cache.read(bo, "me:playlists:20:0") == [bo]
    assert cache.read(ana, "artist:a1") == {"id": "a1"}


def test_concurrent_callers_share_one_fetch() -> None:
    user = make_user()
    calls: list[int] = []
    gate = threading.Event()

    def slow_fetch() -> list[str]:
        calls.append(1)
        gate.wait(0.2)
        return ["x"]

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(
        cache.cached(user, "me:followed", "list", timedelta(seconds=60), slow_fetch))) for _ in range(4)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert got == [["x"]] * 4 and len(calls) == 1


def test_purge_expired_removes_only_stale_rows() -> None:
    user = make_user()
    cache.write(user, "old", "list", timedelta(seconds=-1), 1)
    cache.write(user, "new", "list", timedelta(minutes=5), 2)
    assert cache.purge_expired() == 1
    with session_scope():
        assert cache.read(user, "new") == 2


def test_housekeeping_job_is_registered_and_purges() -> None:
    from services import scheduler
    from services.spotify.jobs import purge_cache

    assert "spotify.purge_cache" in scheduler.load_jobs()
    user = make_user()
    cache.write(user, "stale", "list", timedelta(seconds=-5), 1)
    result = purge_cache()
    assert result.summary.startswith("1 cached") and result.done >= 1 and result.status == "ok"
