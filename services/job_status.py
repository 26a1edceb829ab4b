"""What the System panel and the status page show of background jobs: each job's last run
and next planned run, and the latest runs (the scheduler itself is `services.scheduler`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from services import job_results
from services.db import as_utc, session_scope
from services.scheduler import JobRun, ScheduledJob, load_jobs


@dataclass(frozen=True)
class JobStatus:
    """One row of the System panel."""

    id: str
    title: str
    last_status: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_detail: str
    next_run_at: datetime | None
    items_done: int = 0
    items_failed: int = 0
    reasons: tuple[tuple[str, int], ...] = ()


def job_statuses() -> list[JobStatus]:
    """Every registered job with its last run and next planned run."""
    specs = load_jobs()
    out: list[JobStatus] = []
    with session_scope() as db:
        planned = {row.job_id: row for row in db.exec(select(ScheduledJob)).all()}
        for spec in specs.values():
            last = db.exec(
                select(JobRun).where(JobRun.job_id == spec.id).order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc()).limit(1)
            ).first()
            plan = planned.get(spec.id)
            out.append(
                JobStatus(
                    id=spec.id,
                    title=spec.title,
                    last_status=last.status if last else "never run",
                    last_started_at=as_utc(last.started_at) if last else None,
                    last_finished_at=as_utc(last.finished_at) if last else None,
                    last_detail=(last.detail or last.error.split("\n", 1)[0]) if last else "",
                    next_run_at=as_utc(plan.next_run_at) if plan else None,
                    items_done=last.items_done if last else 0,
                    items_failed=last.items_failed if last else 0,
                    reasons=tuple(job_results.decode_reasons(last.reasons)) if last else (),
                )
            )
    return out


def next_run_at(job_id: str) -> datetime | None:
    """When the leader plans to run this job next (None when unknown, e.g. no scheduler)."""
    with session_scope() as db:
        row = db.get(ScheduledJob, job_id)
        return as_utc(row.next_run_at) if row is not None else None


def recent_runs(job_id: str | None = None, limit: int = 20) -> list[JobRun]:
    """The latest runs, newest first."""
    with session_scope() as db:
        query = select(JobRun).order_by(col(JobRun.started_at).desc(), col(JobRun.id).desc()).limit(limit)
        if job_id:
            query = query.where(JobRun.job_id == job_id)
        return list(db.exec(query).all())
