"""Database cache of Spotify answers, scoped to the user they were fetched for.

Catalog objects (artists, albums, tracks) live for hours, the listener's own lists
for a minute, playback for seconds. A per-key lock makes concurrent identical calls
(several components of one page) wait for the first one instead of calling Spotify
again, so one page load never makes the same call twice. Every row carries its
`user_id`, so disconnecting deletes all of them (Spotify policy).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, delete, select

from services.db import as_utc, session_scope, utcnow
from services.spotify.models import SpotifyCacheItem

log = logging.getLogger(__name__)

CATALOG_TTL = timedelta(hours=6)
LIST_TTL = timedelta(seconds=60)
PLAYBACK_TTL = timedelta(seconds=3)

_MISSING = object()
# Striped locks: bounded memory however many distinct keys (searches) pass through.
_STRIPES = 1024
_locks = [threading.Lock() for _ in range(_STRIPES)]


def _lock(user_id: int, key: str) -> threading.Lock:
    return _locks[hash((user_id, key)) % _STRIPES]


def read(user_id: int, key: str) -> Any:
    """The cached payload, or `_MISSING` when absent or expired (errors count as absent)."""
    try:
        with session_scope() as db:
            row = db.exec(select(SpotifyCacheItem).where(
                SpotifyCacheItem.user_id == user_id, SpotifyCacheItem.key == key)).first()
    except SQLAlchemyError:
        log.exception("spotify cache read failed for %s", key)
        return _MISSING
    if row is None or as_utc(row.expires_at) <= utcnow():  # type: ignore[operator]
        return _MISSING
    return json.loads(row.payload)


def write(user_id: int, key: str, kind: str, ttl: timedelta, payload: Any) -> None:
    """Store (replace) one answer; a failed write only costs a later refetch."""
    now = utcnow()
    try:
        with session_scope() as db:
            db.exec(delete(SpotifyCacheItem).where(
                col(SpotifyCacheItem.user_id) == user_id, col(SpotifyCacheItem.key) == key))
            db.add(SpotifyCacheItem(user_id=user_id, key=key[:500], kind=kind, payload=json.dumps(payload),
                                    fetched_at=now, expires_at=now + ttl))
    except SQLAlchemyError:
        log.warning("spotify cache write failed for %s", key, exc_info=True)


def cached(user_id: int, key: str, kind: str, ttl: timedelta, fetch: Callable[[], Any]) -> Any:
    """The cached answer for `key`, else `fetch()` once (concurrent callers share it)."""
    hit = read(user_id, key)
    if hit is not _MISSING:
        return hit
    with _lock(user_id, key):
        hit = read(user_id, key)
        if hit is not _MISSING:
            return hit
        value = fetch()
        write(user_id, key, kind, ttl, value)
        return value


def invalidate(user_id: int, prefix: str) -> None:
    """Drop this user's cached answers whose key starts with `prefix` (after a write)."""
    try:
        with session_scope() as db:
            db.exec(delete(SpotifyCacheItem).where(
                col(SpotifyCacheItem.user_id) == user_id, col(SpotifyCacheItem.key).startswith(prefix)))
    except SQLAlchemyError:
        log.warning("spotify cache invalidate failed for %s", prefix, exc_info=True)


def purge_expired() -> int:
    """Delete expired rows everywhere; returns how many (for a housekeeping job)."""
    with session_scope() as db:
        return db.exec(delete(SpotifyCacheItem).where(col(SpotifyCacheItem.expires_at) <= utcnow())).rowcount  # type: ignore[call-overload]

