"""Background jobs: every run is recorded, a failing job never stops the others,
and exactly one process leads the scheduler."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from services import job_status, live, scheduler
from services.leader import FileLock, PostgresLock, RedisLock

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def jobs() -> dict[str, scheduler.JobSpec]:
    """Two throw-away jobs registered for one test."""
    added: list[str] = []

    def register(job_id: str, func: scheduler.JobFunc) -> None:
        scheduler.job(job_id, job_id, IntervalTrigger(seconds=1))(func)
        added.append(job_id)

    def boom() -> str:
        raise RuntimeError("bad record 17")

    async def fine() -> str:
        return "did 3 things"

    register("test.boom", boom)
    register("test.fine", fine)
    yield scheduler.REGISTRY
    for job_id in added:
        scheduler.REGISTRY.pop(job_id, None)


async def test_a_failing_job_is_recorded_and_the_next_one_runs(jobs: dict[str, scheduler.JobSpec]) -> None:
    seen: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        seen.append(change)

    live.subscribe("jobs", listener)
    bad = await scheduler.run_job("test.boom")
    good = await scheduler.run_job("test.fine", trigger="manual")
    assert bad.status == "error" and "bad record 17" in bad.error
    assert good.status == "ok" and good.detail == "did 3 things" and good.trigger == "manual"
    assert [c.data["job_id"] for c in seen[-2:]] == ["test.boom", "test.fine"]
    statuses = {s.id: s for s in job_status.job_statuses()}
    assert statuses["test.boom"].last_status == "error"
    assert statuses["test.fine"].last_detail == "did 3 things"
    assert [r.job_id for r in job_status.recent_runs(limit=2)] == ["test.fine", "test.boom"]


async def test_the_scheduler_runs_jobs_on_their_trigger(jobs: dict[str, scheduler.JobSpec]) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run_as_leader(stop))
    try:
        for _ in range(60):
            await asyncio.sleep(0.1)
            runs = job_status.recent_runs("test.fine")
            if runs and runs[0].status == "ok":
                break
        assert runs and runs[0].status == "ok"
        planned = {s.id: s.next_run_at for s in job_status.job_statuses()}
        assert planned["test.fine"] is not None
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def test_only_one_file_lock_holder(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "l"), FileLock(tmp_path / "l")
    assert first.acquire() and first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


@pytest.mark.postgres
def test_only_one_postgres_leader() -> None:
    url = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
    first, second = PostgresLock(url), PostgresLock(url)
    try:
        first.acquire()
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    try:
        assert first.acquire()
        assert not second.acquire()
        first.release()
        assert second.acquire()
    finally:
        first.release()
        second.release()


@pytest.mark.redis
def test_only_one_redis_leader() -> None:
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    first, second = RedisLock("redis://127.0.0.1:6379/0"), RedisLock("redis://127.0.0.1:6379/0")
    try:
        assert first.acquire() and first.acquire()
        assert not second.acquire()
        first.release()
        assert second.acquire()
    finally:
        first.release()
        second.release()

