"""Database engine and the unit-of-work session used by every service.

SQLite (the default) gets WAL, foreign keys and a busy timeout so that the web
workers and the scheduler can share one file; PostgreSQL is used as configured.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from services.config import get_settings


def utcnow() -> datetime:
    """Timezone-aware now; every stored timestamp is UTC."""
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: read them as the UTC they were written in."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite pragmas when it is a SQLite file."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine for `DB_URL`."""
    return make_engine(get_settings().db_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commit once at the end, roll everything back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def lock_account(db: Session, user_id: int) -> None:
    """Serialise one account's limited writes until `db` commits.

    Plan limits are "count, then insert": two requests that count at the same time
    both see room for one more. Called first in the unit of work, this makes the
    count and the insert one critical section: on PostgreSQL it takes the account
    row's lock (`SELECT ... FOR UPDATE`); on SQLite it opens the transaction with
    `BEGIN IMMEDIATE`, which takes the database's write lock before the count (a
    transaction that has already written holds that lock, so nothing is needed).
    """
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        db.execute(text('SELECT id FROM "user" WHERE id = :uid FOR UPDATE'), {"uid": int(user_id)})
    elif dialect == "sqlite":
        _sqlite_write_lock(db)


def lock_name(db: Session, name: str) -> None:
    """Serialise everything that locks the same `name` until `db` commits (PostgreSQL:
    a transaction-scoped advisory lock; SQLite: `BEGIN IMMEDIATE`)."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif dialect == "sqlite":
        _sqlite_write_lock(db)


def _sqlite_write_lock(db: Session) -> None:
    """Open the transaction with `BEGIN IMMEDIATE` (the write lock, taken now); a
    transaction that already wrote holds it."""
    raw = db.connection().connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")
