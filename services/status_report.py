"""The public status page (`/status`): is the instance ready, which outside services run
live and answer, and how each background job last went. Nothing secret."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services import formatting, health, job_results, job_status
from services.db import utcnow

NEVER = "—"
DETAIL_MAX = 200


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One readiness check: "Database" / "ok" (or what is wrong)."""

    name: str
    result: str


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One outside service: its mode (live | demo), whether it answered, and how."""

    label: str
    mode: str
    reachable: str  # yes | no | built-in
    detail: str


@dataclass(frozen=True, slots=True)
class JobLine:
    """One background job: its last run (when, how it went) and its next run."""

    id: str
    title: str
    status: str
    last_run: str
    next_run: str
    detail: str
    problems: str  # how many items of the last run failed and why ("" when none)


@dataclass(frozen=True)
class StatusReport:
    ready: bool
    checks: list[CheckLine] = field(default_factory=list)
    services: list[ServiceLine] = field(default_factory=list)
    jobs: list[JobLine] = field(default_factory=list)
    checked_at: str = ""  # "20:05:09 UTC"


def _when(value: datetime | None) -> str:
    return formatting.date_time(value, with_seconds=True) if value else NEVER


def job_lines() -> list[JobLine]:
    """Every job with its last and next run."""
    return [
        JobLine(s.id, s.title, s.last_status, _when(s.last_finished_at or s.last_started_at), _when(s.next_run_at),
                s.last_detail[:DETAIL_MAX], job_results.problems_text(s.items_done, s.items_failed, s.reasons)[:300])
        for s in job_status.job_statuses()
    ]


def status_report(refresh: bool = False, now: datetime | None = None) -> StatusReport:
    """Everything the page shows (service probes are cached; `refresh` probes again)."""
    ready = health.readiness()
    return StatusReport(
        ready=ready.ready,
        checks=[CheckLine(name.capitalize(), result) for name, result in ready.checks.items()],
        services=[ServiceLine(s.label, s.mode, s.reachable, s.detail) for s in health.service_statuses(refresh)],
        jobs=job_lines(),
        checked_at=f"{formatting.time(now or utcnow(), with_seconds=True)} UTC",
    )
