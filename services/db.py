"""Database engine and the unit-of-work session used by every service.

SQLite (the default) gets WAL, foreign keys and a busy timeout so that the web
workers and the scheduler can share one file; PostgreSQL is used as configured.

`run_in_transaction` is the unit of work that survives trouble: a lock conflict
(SQLite busy, a PostgreSQL deadlock or serialisation failure) is retried at once a
few times, and a database that went away (a restart, a failover: `unavailable`)
is waited for up to `DB_OUTAGE_WAIT_S`, so a vote sent while PostgreSQL restarts
lands when it is back instead of failing. The pool checks a connection before
lending it (`pool_pre_ping`), so connections the restart killed are replaced.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from services.config import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
_LOCK_RETRIES = 5
# What a request that meets an outage is told (HTTP 503 with Retry-After, never a 500).
OUTAGE_MESSAGE = "The database is restarting or out of reach; try again in a few seconds."
OUTAGE_RETRY_AFTER_S = 5
# PostgreSQL error classes of a server that is gone or not taking work now:
# 08 connection exceptions, 57P01-57P03 admin/crash shutdown and "cannot connect now".
_GONE_CODES = ("57P01", "57P02", "57P03")
_GONE_WORDS = (
    "connection refused", "could not connect", "server closed the connection", "terminating connection",
    "the database system is",  # starting up, shutting down, in recovery mode, not yet accepting connections
    "connection already closed",
    "ssl connection has been closed", "no connection to the server", "connection reset",
)


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


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached right now (worth waiting for),
    rather than that the statement was wrong."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", None)
    code = str(getattr(orig, "pgcode", "") or "")
    if code.startswith("08") or code in _GONE_CODES:
        return True
    message = str(orig or exc).lower()
    return any(words in message for words in _GONE_WORDS)


def _lock_conflict(exc: DBAPIError) -> bool:
    orig = getattr(exc, "orig", None)
    if getattr(orig, "pgcode", None) in ("40001", "40P01", "55P03"):
        return True
    message = str(orig or exc).lower()
    return "database is locked" in message or "database is busy" in message


def run_in_transaction(work: Callable[[Session], T], *, wait_s: float | None = None, read_only: bool = False) -> T:
    """Run `work` in one `session_scope()`: retried after a lock conflict, and while the
    database is unreachable for up to `wait_s` (default `DB_OUTAGE_WAIT_S`). `work`
    must be safe to run again (nothing outside the transaction). `read_only`: `work`
    reads a view in several statements, and they all see one snapshot (`_one_snapshot`)."""
    deadline = time.monotonic() + (get_settings().db_outage_wait_s if wait_s is None else wait_s)
    conflicts, pause = 0, 0.25
    while True:
        try:
            with session_scope() as db:
                if read_only:
                    _one_snapshot(db)
                return work(db)
        except DBAPIError as exc:
            if _lock_conflict(exc) and conflicts + 1 < _LOCK_RETRIES:
                conflicts += 1
                log.info("db: retrying after a lock conflict (%s)", type(exc.orig).__name__)
                time.sleep(0.02 * conflicts)
                continue
            if unavailable(exc) and time.monotonic() + pause < deadline:
                log.warning("db: the database is unreachable (%s); retrying in %.2f s", type(exc.orig).__name__, pause)
                time.sleep(pause)
                pause = min(2.0, pause * 2)
                continue
            raise


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
        _sqlite_begin(db, "BEGIN IMMEDIATE")


def lock_name(db: Session, name: str) -> None:
    """Serialise everything that locks the same `name` until `db` commits (PostgreSQL:
    a transaction-scoped advisory lock; SQLite: `BEGIN IMMEDIATE`)."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif dialect == "sqlite":
        _sqlite_begin(db, "BEGIN IMMEDIATE")


def _one_snapshot(db: Session) -> None:
    """Make every read of this unit see the database as of one moment (call first).

    Otherwise each statement sees what was committed when it ran (SQLite's driver
    opens no transaction for reads; PostgreSQL reads committed), so a view read in
    several statements can miss a row that moved between two of them: a party track
    neither queued nor playing, read while it started. SQLite: open the transaction
    now (`BEGIN`; the snapshot is taken at its first read); PostgreSQL: REPEATABLE READ.
    """
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    elif dialect == "sqlite":
        _sqlite_begin(db, "BEGIN")


def _sqlite_begin(db: Session, begin: str) -> None:
    """Open this unit's transaction on SQLite with `begin` (`BEGIN`: the snapshot is
    taken at the first read; `BEGIN IMMEDIATE`: the write lock, taken now), unless it
    is open already (a transaction that already wrote holds the write lock)."""
    raw = db.connection().connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        raw.execute(begin)
