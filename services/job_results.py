"""What a background job did, item by item, so that no run hides a failure.

A job returns a `JobResult`: a one-line summary, how many items it handled and how
many failed, the reasons of the failures (counted), and, when people are affected,
the same per person. `services.scheduler.run_job` records it on the `JobRun`
(status `ok`, `partial` or `failed`) and stores each person's outcome here
(`JobPersonResult`, one row per job and person, replaced by every run that covers
them), so a page can tell its owner "Couldn't check 12 of 137 artists: Spotify
refused the request. Next try at 14:00." with `person_outcome`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, delete, select

from services.db import as_utc, session_scope, utcnow

OK, PARTIAL, FAILED = "ok", "partial", "failed"
MAX_REASONS = 8


def status_of(done: int, failed: int) -> str:
    """`ok` when nothing failed, `failed` when nothing succeeded, else `partial`."""
    if failed <= 0:
        return OK
    return FAILED if done <= 0 else PARTIAL


@dataclass
class Outcome:
    """Items done and failed, with the reasons counted."""

    done: int = 0
    failed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def ok(self, n: int = 1) -> None:
        self.done += n

    def fail(self, reason: str, n: int = 1) -> None:
        self.failed += n
        self.reasons[reason] += n

    @property
    def status(self) -> str:
        return status_of(self.done, self.failed)


@dataclass
class JobResult(Outcome):
    """What one run did: the summary the System panel shows, counts, reasons, and
    the outcome per affected person (`people`)."""

    summary: str = ""
    people: dict[int, Outcome] = field(default_factory=dict)

    def person(self, user_id: int) -> Outcome:
        """The outcome of one person (created empty on first use)."""
        return self.people.setdefault(user_id, Outcome())


def as_result(value: object) -> JobResult:
    """A job's return value as a `JobResult` (a plain summary counts no items)."""
    if isinstance(value, JobResult):
        return value
    return JobResult(summary=str(value or ""))


def encode_reasons(reasons: Counter[str]) -> str:
    """The most frequent reasons as JSON `[[reason, count], ...]` (what a row stores)."""
    return json.dumps([[r[:200], n] for r, n in reasons.most_common(MAX_REASONS)])


def decode_reasons(text: str) -> list[tuple[str, int]]:
    try:
        return [(str(r), int(n)) for r, n in json.loads(text or "[]")]
    except (TypeError, ValueError):
        return []


def reasons_text(reasons: Sequence[tuple[str, int]]) -> str:
    """"Spotify refused the request (12); Spotify was unavailable (3)"."""
    return "; ".join(f"{r} ({n})" for r, n in reasons)


def problems_text(done: int, failed: int, reasons: Sequence[tuple[str, int]]) -> str:
    """"12 of 137 items failed: Spotify refused the request (12)" ("" when nothing failed)."""
    if failed <= 0:
        return ""
    return f"{failed} of {done + failed} items failed: {reasons_text(reasons) or 'no reason given'}"


class JobPersonResult(SQLModel, table=True):
    """How the latest run of a job went for one person (replaced by the next run)."""

    __tablename__ = "job_person_result"
    __table_args__ = (UniqueConstraint("job_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(max_length=100)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    run_id: int | None = None  # the JobRun, when the outcome came from a scheduled or manual run
    status: str = Field(default=OK, max_length=20)
    done: int = 0
    failed: int = 0
    reasons: str = Field(default="", max_length=2000)
    finished_at: dt.datetime = Field(default_factory=utcnow)


def record_people(job_id: str, people: dict[int, Outcome], run_id: int | None = None,
                  now: dt.datetime | None = None) -> None:
    """Store each person's outcome of this run (replacing their previous one), in one unit of work."""
    if not people:
        return
    now = now or utcnow()
    ids = sorted(people)
    with session_scope() as db:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            db.exec(delete(JobPersonResult).where(  # type: ignore[call-overload]
                col(JobPersonResult.job_id) == job_id, col(JobPersonResult.user_id).in_(chunk)))
        db.connection().execute(JobPersonResult.__table__.insert(), [  # type: ignore[attr-defined]
            {"job_id": job_id, "user_id": uid, "run_id": run_id, "status": people[uid].status,
             "done": people[uid].done, "failed": people[uid].failed,
             "reasons": encode_reasons(people[uid].reasons), "finished_at": now}
            for uid in ids
        ])


@dataclass(frozen=True)
class PersonOutcome:
    """A person's latest outcome of a job, as a page reads it."""

    job_id: str
    status: str
    done: int
    failed: int
    reasons: list[tuple[str, int]]
    finished_at: dt.datetime

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def main_reason(self) -> str:
        return self.reasons[0][0] if self.reasons else ""


def person_outcome(user_id: int, job_ids: Iterable[str]) -> PersonOutcome | None:
    """The latest outcome for this person among these jobs (None when none covered them yet)."""
    with session_scope() as db:
        row = db.exec(
            select(JobPersonResult)
            .where(JobPersonResult.user_id == user_id, col(JobPersonResult.job_id).in_(list(job_ids)))
            .order_by(col(JobPersonResult.finished_at).desc(), col(JobPersonResult.id).desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return PersonOutcome(row.job_id, row.status, row.done, row.failed, decode_reasons(row.reasons),
                             as_utc(row.finished_at) or utcnow())


def forget_person(db: Session, user_id: int, job_ids: Iterable[str]) -> int:
    """Drop a person's outcomes of these jobs (their data was deleted, so were the outcomes)."""
    result = db.exec(delete(JobPersonResult).where(  # type: ignore[call-overload]
        col(JobPersonResult.user_id) == user_id, col(JobPersonResult.job_id).in_(list(job_ids))))
    return int(result.rowcount or 0)
