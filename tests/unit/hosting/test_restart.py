"""Stopping the app during a job: the run is recorded as interrupted and the job is
re-run once at the next start, never twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from services import scheduler
from services.config import ROOT
from services.db import session_scope
from services.scheduler import JobRun
from tests.unit.hosting import slow_job

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    slow_job.DONE_FILE.unlink(missing_ok=True)
    scheduler.job("test.slow", "A slow test job", slow_job.IntervalTrigger(seconds=1))(slow_job.slow_job)
    yield
    scheduler.REGISTRY.pop("test.slow", None)
    slow_job.DONE_FILE.unlink(missing_ok=True)


def _runs() -> list[JobRun]:
    with session_scope() as db:
        return list(db.exec(select(JobRun).where(JobRun.job_id == "test.slow").order_by(col(JobRun.id))).all())


def _finished() -> int:
    return len(slow_job.DONE_FILE.read_text().split()) if slow_job.DONE_FILE.exists() else 0


async def test_a_run_left_running_by_a_killed_process_is_rerun_once(slow: None, monkeypatch: pytest.MonkeyPatch) -> None:
    code = "import asyncio; import tests.unit.hosting.slow_job; from services import scheduler; asyncio.run(scheduler.run_job('test.slow'))"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "SLOW_JOB_SECONDS": "60"})
    try:
        deadline = time.monotonic() + 30
        while not _runs() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert _runs() and _runs()[0].status == "running"
    finally:
        proc.send_signal(signal.SIGKILL)  # the process dies mid-job: no chance to record anything
        proc.wait(10)
    assert _runs()[0].status == "running" and _finished() == 0

    monkeypatch.setenv("SLOW_JOB_SECONDS", "0")
    reruns = await scheduler.recover_interrupted()  # what the next leader does at start
    assert [r.status for r in reruns] == ["ok"]
    assert await scheduler.recover_interrupted() == []  # a second start does not run it again
    first, retry = _runs()
    assert first.status == "interrupted" and first.retried
    assert retry.trigger == "retry" and retry.status == "ok"
    assert _finished() == 1


async def test_stopping_the_scheduler_records_the_run_in_flight_as_interrupted(slow: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLOW_JOB_SECONDS", "30")
    stop = asyncio.Event()
    leader = asyncio.create_task(scheduler.run_as_leader(stop))
    deadline = time.monotonic() + 20
    while not any(r.status == "running" for r in _runs()) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert any(r.status == "running" for r in _runs())
    stop.set()  # what SIGTERM does through the lifespan
    await asyncio.wait_for(leader, 15)
    assert [r.status for r in _runs()] == ["interrupted"]
    leader, at = scheduler.leader_heartbeat()
    assert leader == "" and at is not None  # it beat while leading, and stepped down at the stop

    # the next start re-runs it once
    monkeypatch.setenv("SLOW_JOB_SECONDS", "0")
    for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
        task.cancel()  # the old process's job is gone with it
    await asyncio.sleep(0.1)
    reruns = await scheduler.recover_interrupted()
    assert [r.trigger for r in reruns] == ["retry"] and _finished() == 1
    assert await scheduler.recover_interrupted() == []
