"""Deleting an account with everything it owns, and the expiry of demo accounts.

Rows: every table referencing `user.id` declares `ondelete="CASCADE"` (or SET NULL
for records the instance keeps, like AI usage), so deleting the user row removes
them; `tests/unit/hosting/test_expiry.py` checks that no table forgets it. What is not
a row referencing the user (files, counters keyed by text, caches elsewhere) is
removed by the cleanups registered in `CLEANUPS`: an area that keeps such data adds

    from services.hosting.cleanup import register_cleanup
    register_cleanup("my area", lambda db, user_id: ...)   # returns how many things it removed
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select as sa_select
from sqlmodel import Session, col, select

from services import quotas, ratelimit, storage
from services.accounts.models import User
from services.config import get_settings
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

Cleanup = Callable[[Session, int], int]
CLEANUPS: dict[str, Cleanup] = {}


def register_cleanup(name: str, cleanup: Cleanup) -> None:
    """Run `cleanup(db, user_id)` whenever an account is deleted (before its row goes)."""
    CLEANUPS[name] = cleanup


register_cleanup("quota counters", quotas.forget_account)
register_cleanup("rate buckets", ratelimit.forget_account)


@dataclass
class Removed:
    """What deleting accounts removed, for the job's record."""

    accounts: int = 0
    failed: int = 0  # accounts that could not be deleted (tried again at the next run)
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0

    def add(self, other: Removed) -> None:
        self.accounts += other.accounts
        self.failed += other.failed
        for k, v in other.rows.items():
            self.rows[k] = self.rows.get(k, 0) + v
        self.files += other.files
        self.bytes += other.bytes

    def summary(self) -> str:
        rows = sum(self.rows.values())
        top = ", ".join(f"{k} {v}" for k, v in sorted(self.rows.items(), key=lambda kv: -kv[1])[:6] if v)
        return (
            f"{self.accounts} expired demo account{'s' if self.accounts != 1 else ''} removed: "
            f"{rows} rows ({top or 'none'}), {self.files} media files ({self.bytes / 1024 / 1024:.1f} MB)"
        )


def _user_tables():  # type: ignore[no-untyped-def]
    """(table, column) pairs with a foreign key to user.id."""
    import services.models  # noqa: F401  (every table registered)
    from sqlmodel import SQLModel

    out = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.target_fullname == "user.id":
                out.append((table, fk.parent))
    return out


def delete_account(user_id: int) -> Removed:
    """Delete one account: cleanups, media, then the user row (rows cascade)."""
    removed = Removed(accounts=1)
    with session_scope() as db:
        for table, column in _user_tables():
            n = db.execute(sa_select(func.count()).select_from(table).where(column == user_id)).scalar_one()
            if n:
                removed.rows[table.name] = removed.rows.get(table.name, 0) + int(n)
        for name, cleanup in CLEANUPS.items():
            n = cleanup(db, user_id)
            if n:
                removed.rows[name] = removed.rows.get(name, 0) + int(n)
        user = db.get(User, user_id)
        if user is None:
            removed.accounts = 0
        else:
            db.delete(user)
    removed.files, removed.bytes = storage.remove_account_media(user_id)
    return removed


def expired_demo_accounts(now: datetime | None = None) -> list[int]:
    cutoff = (now or utcnow()) - timedelta(days=get_settings().demo_expiry_days)
    with session_scope() as db:
        return list(db.exec(select(User.id).where(User.is_demo == True, col(User.last_active_at) < cutoff)).all())  # noqa: E712


def expire_demo_accounts(now: datetime | None = None) -> Removed:
    """Delete demo accounts unused for `DEMO_EXPIRY_DAYS`, one at a time."""
    total = Removed()
    for user_id in expired_demo_accounts(now):
        try:
            total.add(delete_account(user_id))
        except Exception:  # one bad account must not keep the others forever
            log.exception("could not delete expired demo account #%s", user_id)
            total.failed += 1
    return total
