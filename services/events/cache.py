"""Database cache of source answers, so repeated searches cost no API calls:
a place query for 15 minutes, an artist's tour for 6 hours."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

from pydantic import TypeAdapter, ValidationError
from sqlmodel import col, delete

from services.db import as_utc, session_scope, utcnow
from services.events.models import EventCache
from services.events.types import Event

log = logging.getLogger(__name__)

QUERY_TTL = timedelta(minutes=15)
ARTIST_TTL = timedelta(hours=6)
_EVENTS = TypeAdapter(list[Event])


def cache_key(source: str, kind: str, params: dict[str, object]) -> str:
    """A stable key for a query: source, kind and the parameters in sorted order."""
    text = json.dumps({"source": source, "kind": kind, "params": params}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def get_cached(key: str) -> list[Event] | None:
    """The cached events for `key` while fresh, else None."""
    with session_scope() as db:
        row = db.get(EventCache, key)
        if row is None or (as_utc(row.expires_at) or utcnow()) <= utcnow():
            return None
        payload = row.payload
    try:
        return _EVENTS.validate_json(payload)
    except ValidationError:  # an old shape: treat as a miss
        log.warning("dropping unreadable cache entry %s", key)
        return None


def put_cached(key: str, source: str, events: list[Event], ttl: timedelta, description: str = "") -> None:
    """Store `events` under `key` for `ttl`."""
    now = utcnow()
    payload = _EVENTS.dump_json(events).decode()
    with session_scope() as db:
        row = db.get(EventCache, key) or EventCache(key=key, source=source, payload=payload, expires_at=now + ttl)
        row.payload, row.fetched_at, row.expires_at = payload, now, now + ttl
        row.description = description[:500]
        db.add(row)


def purge_expired() -> int:
    """Drop stale entries; returns how many."""
    with session_scope() as db:
        result = db.exec(delete(EventCache).where(col(EventCache.expires_at) < utcnow()))  # type: ignore[call-overload]
        return int(result.rowcount or 0)
