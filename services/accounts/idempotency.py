"""Idempotency keys for the API's POSTs that create things.

A client that retries a POST (a timeout, a dropped connection) sends the same
`Idempotency-Key`; the first answer is kept for a day and replayed, so the room,
the project or the queue item is made once. The same key with a different request
is refused (`KeyReused`), and so is a retry while the first is still running
(`StillRunning`). Only successful answers are kept: a refused request created
nothing, so trying it again is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from services.accounts.models import ApiIdempotency
from services.db import session_scope, utcnow

KEEP = timedelta(hours=24)
KEY_MAX = 200


class KeyReused(Exception):
    """The key was used before for a different request."""


class StillRunning(Exception):
    """The first request with this key has not answered yet."""


@dataclass(frozen=True)
class Replay:
    """The kept answer of an earlier request with the same key."""

    status_code: int
    body: str


def begin(user_id: int, key: str, request_hash: str, now: datetime | None = None) -> Replay | None:
    """Claim `key` for this request (None: go ahead), or the answer to replay."""
    now = now or utcnow()
    with session_scope() as db:
        db.exec(delete(ApiIdempotency).where(  # type: ignore[call-overload]
            ApiIdempotency.user_id == user_id, col(ApiIdempotency.created_at) < now - KEEP))
        row = db.exec(select(ApiIdempotency).where(ApiIdempotency.user_id == user_id, ApiIdempotency.key == key)).first()
        if row is None:
            try:
                with db.begin_nested():
                    db.add(ApiIdempotency(user_id=user_id, key=key, request_hash=request_hash, created_at=now))
                return None
            except IntegrityError:  # the same key at the same moment: the other one runs
                raise StillRunning() from None
        if row.request_hash != request_hash:
            raise KeyReused()
        if row.status_code == 0:
            raise StillRunning()
        return Replay(row.status_code, row.body)


def finish(user_id: int, key: str, status_code: int, body: str) -> None:
    """Keep a successful answer for replays; forget the key after a refusal."""
    with session_scope() as db:
        row = db.exec(select(ApiIdempotency).where(ApiIdempotency.user_id == user_id, ApiIdempotency.key == key)).first()
        if row is None:
            return
        if 200 <= status_code < 300 and len(body) <= 200_000:
            row.status_code, row.body = status_code, body
            db.add(row)
        else:
            db.delete(row)
