"""A tiny in-process publish/subscribe bus so services can announce changes
("a job finished", "a release arrived for user 7") without knowing about the web
layer; the web layer subscribes and pushes the change to open pages.

Also remembers which browser tabs (client tokens) belong to which user, in the
database so every worker and the scheduler leader see the same map.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Field, SQLModel, col, delete, select

from services.db import as_utc, session_scope, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """Something happened: `topic` says what, `user_id` or `room` say for whom
    (neither means everyone)."""

    topic: str
    user_id: int | None = None
    room: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Change], Awaitable[None]]
_listeners: dict[str, list[Listener]] = {}
_loop: asyncio.AbstractEventLoop | None = None


def subscribe(topic: str, listener: Listener) -> None:
    """Call `listener` for every change published on `topic` (idempotent)."""
    bucket = _listeners.setdefault(topic, [])
    if listener not in bucket:
        bucket.append(listener)


def bind_loop(loop: asyncio.AbstractEventLoop) -> None:
    """The server's event loop, so code running in worker threads can publish."""
    global _loop
    _loop = loop


async def publish(change: Change) -> None:
    """Deliver a change to its listeners; one failing listener never stops the others."""
    for listener in list(_listeners.get(change.topic, [])):
        try:
            await listener(change)
        except Exception:
            log.exception("live listener failed for topic %s", change.topic)


def publish_soon(change: Change) -> None:
    """Publish from any thread or from sync code; a no-op when no server loop is bound."""
    loop = _loop
    if loop is None or loop.is_closed():
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        loop.create_task(publish(change))
    else:
        asyncio.run_coroutine_threadsafe(publish(change), loop)


class ClientToken(SQLModel, table=True):
    """An open browser tab (Reflex client token) and the user signed in there."""

    token: str = Field(primary_key=True, max_length=100)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    seen_at: datetime = Field(default_factory=utcnow)


def remember_client(token: str, user_id: int) -> None:
    """Record that `token` is a tab of `user_id` (called when a page loads)."""
    with session_scope() as db:
        row = db.get(ClientToken, token)
        if row is None:
            db.add(ClientToken(token=token, user_id=user_id))
        elif row.user_id != user_id or utcnow() - (as_utc(row.seen_at) or utcnow()) > timedelta(minutes=10):
            row.user_id, row.seen_at = user_id, utcnow()
            db.add(row)


def forget_client(token: str) -> None:
    """The tab signed out."""
    with session_scope() as db:
        db.exec(delete(ClientToken).where(col(ClientToken.token) == token))  # type: ignore[call-overload]


def tokens_for_user(user_id: int) -> list[str]:
    """Every tab the user has had open recently."""
    cutoff = utcnow() - timedelta(days=2)
    with session_scope() as db:
        return list(
            db.exec(
                select(ClientToken.token).where(
                    ClientToken.user_id == user_id, col(ClientToken.seen_at) > cutoff
                )
            ).all()
        )


def purge_clients(older_than: timedelta = timedelta(days=2)) -> int:
    """Forget tabs not seen for a while; returns how many."""
    cutoff = utcnow() - older_than
    with session_scope() as db:
        stale = db.exec(select(ClientToken.token).where(col(ClientToken.seen_at) < cutoff)).all()
        if stale:
            db.exec(delete(ClientToken).where(col(ClientToken.token).in_(stale)))  # type: ignore[call-overload]
        return len(stale)

