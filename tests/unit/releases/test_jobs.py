"""The scan and the digests run as scheduled jobs with their counts in the job history."""

from __future__ import annotations

import pytest

from services.scheduler import load_jobs, run_job

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]


def test_the_jobs_are_registered() -> None:
    jobs = load_jobs()
    assert {"releases.scan", "releases.release_day", "releases.digests"} <= set(jobs)


async def test_a_scan_run_records_its_counts() -> None:
    run = await run_job("releases.scan", trigger="manual")
    assert run.status == "ok" and run.detail.startswith("0 people") and "API calls" in run.detail


async def test_a_digest_run_records_its_counts() -> None:
    run = await run_job("releases.digests")
    assert run.status == "ok" and run.detail == "0 due, 0 sent, 0 with nothing new, 0 failed"
    assert (run.items_done, run.items_failed) == (0, 0)
