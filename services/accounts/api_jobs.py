"""Where long work started through the API stands, kept in the database.

Any worker behind the load balancer answers `GET /api/v1/jobs/{id}`, whichever one
runs the work; a running job's row is touched at least every `HEARTBEAT` (by its
progress reports and a heartbeat), so a job whose worker died or restarted reads as
failed ("interrupted") after `STALE` instead of running forever. Finished jobs are
kept for `KEEP`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import col, delete

from services.accounts.models import ApiJob
from services.db import as_utc, session_scope, utcnow
from services.progress import JobProgress, Tracker

HEARTBEAT = timedelta(seconds=30)
STALE = timedelta(minutes=3)
KEEP = timedelta(days=1)
INTERRUPTED = "The work was interrupted (the server restarted); nothing half-done was kept. Try again."
_WRITE_EVERY = 0.5  # seconds between two progress writes of one job


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A job as `GET /jobs/{id}` shows it."""

    id: str
    area: str
    kind: str
    status: str
    percent: int
    message: str
    error: str
    result: dict[str, Any] = field(default_factory=dict)


def create(user_id: int, area: str, kind: str) -> str:
    """A new running job; finished jobs older than `KEEP` go at the same time."""
    job_id = uuid.uuid4().hex
    with session_scope() as db:
        db.exec(delete(ApiJob).where(col(ApiJob.status) != "running", col(ApiJob.updated_at) < utcnow() - KEEP))  # type: ignore[call-overload]
        db.add(ApiJob(id=job_id, user_id=user_id, area=area[:20], kind=kind[:40], message="Starting"))
    return job_id


def _update(job_id: str, **values: Any) -> None:
    with session_scope() as db:
        row = db.get(ApiJob, job_id)
        if row is None:
            return
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        db.add(row)


def heartbeat(job_id: str) -> None:
    """The job's worker is alive and still working on it."""
    _update(job_id)


def finish(job_id: str, result: dict[str, Any]) -> None:
    _update(job_id, status="done", percent=100, message="Done", result=result)


def fail(job_id: str, error: str) -> None:
    _update(job_id, status="failed", error=error[:500], message="Failed")


def find(user_id: int, job_id: str) -> JobRecord | None:
    """The person's job, or None (another person's job is not found either)."""
    with session_scope() as db:
        row = db.get(ApiJob, job_id[:32])
        if row is None or row.user_id != user_id:
            return None
        status, error = row.status, row.error
        if status == "running" and (as_utc(row.updated_at) or utcnow()) < utcnow() - STALE:
            status, error = "failed", INTERRUPTED
        return JobRecord(row.id, row.area, row.kind, status, row.percent, row.message, error, dict(row.result or {}))


class StoredTracker(Tracker):
    """A progress tracker whose latest report is written to the job's row (at most twice a second)."""

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id
        self._written = 0.0

    def _changed(self, progress: JobProgress) -> None:
        now = time.monotonic()
        if now - self._written >= _WRITE_EVERY or not progress.active:
            self._written = now
            _update(self.job_id, percent=progress.percent, message=progress.message[:300])
