"""Long work started through the API is kept in the database: any worker reads its
status, progress shows while it runs, and a job whose worker died reads as interrupted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from services.accounts import api_jobs
from services.accounts.users import register

pytestmark = pytest.mark.usefixtures("db")
T0 = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)


def test_progress_and_the_result_are_read_back_from_the_database() -> None:
    ana = register("jobs@example.com", "correct horse battery", "Ana")
    with time_machine.travel(T0, tick=False):
        job = api_jobs.create(ana.id, "label", "mix")
        tracker = api_jobs.StoredTracker(job)
        tracker(0.4, "Mixing the vocal")
        running = api_jobs.find(ana.id, job)
        assert running is not None and (running.status, running.percent, running.message) == ("running", 40, "Mixing the vocal")
        api_jobs.finish(job, {"version_id": 7})
    done = api_jobs.find(ana.id, job)
    assert done is not None and (done.status, done.percent, done.result) == ("done", 100, {"version_id": 7})


def test_another_persons_job_is_not_found() -> None:
    ana = register("jobs2@example.com", "correct horse battery", "Ana")
    bob = register("jobs3@example.com", "correct horse battery", "Bob")
    job = api_jobs.create(ana.id, "worlds", "world_build")
    assert api_jobs.find(bob.id, job) is None
    assert api_jobs.find(ana.id, "0" * 32) is None


def test_a_job_whose_worker_died_reads_as_interrupted_and_a_heartbeat_keeps_it_alive() -> None:
    ana = register("jobs4@example.com", "correct horse battery", "Ana")
    with time_machine.travel(T0, tick=False):
        alive, dead = api_jobs.create(ana.id, "label", "mix"), api_jobs.create(ana.id, "label", "release_pack")
    for minute in range(1, 6):  # only `alive` has a worker that keeps beating
        with time_machine.travel(T0 + timedelta(minutes=minute), tick=False):
            api_jobs.heartbeat(alive)
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        assert api_jobs.find(ana.id, alive).status == "running"  # type: ignore[union-attr]
        gone = api_jobs.find(ana.id, dead)
    assert gone is not None and (gone.status, gone.error) == ("failed", api_jobs.INTERRUPTED)


def test_a_failure_says_what_went_wrong_and_old_finished_jobs_are_cleared() -> None:
    ana = register("jobs5@example.com", "correct horse battery", "Ana")
    with time_machine.travel(T0, tick=False):
        old = api_jobs.create(ana.id, "label", "mix")
        api_jobs.fail(old, "Upload a vocal take first.")
        failed = api_jobs.find(ana.id, old)
        assert failed is not None and (failed.status, failed.error) == ("failed", "Upload a vocal take first.")
    with time_machine.travel(T0 + api_jobs.KEEP + timedelta(minutes=1), tick=False):
        api_jobs.create(ana.id, "label", "mix")
        assert api_jobs.find(ana.id, old) is None
