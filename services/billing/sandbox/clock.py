"""The test gateway's clock: real time plus how far operators moved it ahead.

Renewals, failed payments and period ends are due by this clock, so an operator can
see a month pass in a click (System panel). It only ever moves forward.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.billing.sandbox.models import SandboxClock
from services.db import session_scope, utcnow

MAX_STEP = timedelta(days=400)


def offset() -> timedelta:
    with session_scope() as db:
        row = db.get(SandboxClock, 1)
        return timedelta(seconds=row.offset_seconds if row else 0)


def now() -> datetime:
    """The test clock's time (UTC)."""
    return utcnow() + offset()


def move_ahead(by: timedelta) -> datetime:
    """Move the clock ahead by `by` (1 second to 400 days); returns the new time."""
    if not timedelta(seconds=1) <= by <= MAX_STEP:
        raise ValueError("The test clock moves ahead by 1 second to 400 days at a time.")
    with session_scope() as db:
        row = db.get(SandboxClock, 1) or SandboxClock(id=1)
        row.offset_seconds += int(by.total_seconds())
        row.updated_at = utcnow()
        db.add(row)
        seconds = row.offset_seconds
    return utcnow() + timedelta(seconds=seconds)
