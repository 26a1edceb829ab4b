"""The public status page's report: readiness checks, services, every job's last run."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services import scheduler
from services.status_report import NEVER, status_report

pytestmark = pytest.mark.usefixtures("db")


def test_the_report_names_every_check_service_and_job() -> None:
    report = status_report(now=datetime(2026, 12, 4, 9, 5, 7, tzinfo=timezone.utc))
    assert report.checked_at == "09:05:07 UTC"
    assert {c.name for c in report.checks} >= {"Database"} and all(c.name[0].isupper() for c in report.checks)
    assert {s.mode for s in report.services} <= {"live", "demo"} and any(s.reachable == "built-in" for s in report.services)
    assert {j.id for j in report.jobs} == set(scheduler.load_jobs())
    assert all(j.last_run == NEVER for j in report.jobs)  # nothing ran in this database yet
