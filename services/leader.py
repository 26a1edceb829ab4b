"""Exactly one process runs the scheduler: APScheduler 3 cannot share a job store
between processes (measured: duplicate runs), so workers compete for a lock.

Redis (`SET NX` with a renewed expiry) when `REDIS_URL` is set, a PostgreSQL
advisory lock held on its own connection when the database is PostgreSQL, and an
OS file lock beside the SQLite database otherwise.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import uuid
from pathlib import Path
from typing import Protocol

from services.config import get_settings

log = logging.getLogger(__name__)
LOCK_NAME = "sbm:scheduler-leader"
_PG_LOCK_ID = 0x5B3_0001


def holder_id() -> str:
    """Who holds the lock, as shown on the System panel."""
    return f"{socket.gethostname()}:{os.getpid()}"


class LeaderLock(Protocol):
    kind: str

    def acquire(self) -> bool:
        """Try to take (or keep) the lock without waiting; True when held."""

    def release(self) -> None:
        """Give the lock up."""


class FileLock:
    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, holder_id().encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class PostgresLock:
    kind = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = None

    def acquire(self) -> bool:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("leader connection lost; competing again")
                self._conn = None
        engine = create_engine(self.url, poolclass=NullPool)
        conn = engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:id)"), {"id": _PG_LOCK_ID}).scalar()
        conn.commit()
        if got:
            self._conn = conn
            return True
        conn.close()
        return False

    def release(self) -> None:
        if self._conn is not None:
            from sqlalchemy import text

            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _PG_LOCK_ID})
                self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None


class RedisLock:
    kind = "redis"
    TTL_MS = 30_000

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._me = f"{holder_id()}:{uuid.uuid4().hex[:8]}"

    def acquire(self) -> bool:
        if self._redis.set(LOCK_NAME, self._me, nx=True, px=self.TTL_MS):
            return True
        if (self._redis.get(LOCK_NAME) or b"").decode() == self._me:
            self._redis.pexpire(LOCK_NAME, self.TTL_MS)
            return True
        return False

    def release(self) -> None:
        script = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
        self._redis.eval(script, 1, LOCK_NAME, self._me)


def make_lock() -> LeaderLock:
    """The lock that fits the configured deployment."""
    settings = get_settings()
    if settings.redis_url:
        return RedisLock(settings.redis_url)
    if settings.db_url.startswith("postgresql"):
        return PostgresLock(settings.db_url)
    return FileLock(settings.data_dir / "scheduler.lock")
