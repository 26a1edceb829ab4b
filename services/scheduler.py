"""Background jobs: a registry of jobs, the `JobRun` history table, and the
APScheduler 3 `AsyncIOScheduler` that runs them in the web process.

A job is a plain function (sync functions run in a worker thread so the event loop
never blocks) returning a `JobResult` (`services.job_results`): a summary, items
done and failed with the reasons, and the outcome per affected person. Every run is
recorded with those counts, as `ok`, `partial` or `failed`; a job that raises is
recorded as `error` and never stops the others. Only the leader process (see
`services.leader`) runs the scheduler.

Restarts: a run records the process that runs it (`owner`). When the scheduler
stops (SIGTERM), runs still in flight are recorded as `interrupted`; when a process
becomes leader it marks runs left `running` by dead processes as `interrupted` too,
and runs each interrupted job once again (`trigger="retry"`; `retried` makes sure
a run is retried only once, whoever starts next).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import socket
import inspect
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import update
from sqlmodel import Field, SQLModel, col, select

from services import job_results, live, metrics
from services.db import as_utc, lock_name, session_scope, utcnow
from services.job_results import JobResult

log = logging.getLogger(__name__)

JobFunc = Callable[[], "JobResult | str | None | Awaitable[JobResult | str | None]"]

# Modules whose import registers jobs; each domain adds its own `jobs` module here.
JOB_MODULES: list[str] = [
    "services.accounts.jobs",
    "services.hosting.jobs",
    "services.releases.jobs",
    "services.events.jobs",
    "services.spotify.jobs",
    "services.label.jobs",
    "services.worlds.jobs",
    "services.party.jobs",
    "services.webhooks.jobs",
    "services.billing.jobs",
]


class JobRun(SQLModel, table=True):
    """One run of a job: when, how it ended, and what it did or why it failed."""

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(index=True, max_length=100)
    trigger: str = Field(default="schedule", max_length=20)  # schedule | manual | retry
    run_by: str = Field(default="", max_length=300)  # who started a manual run ("user 3 <ops@example.com>")
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=20)  # running | ok | partial | failed | error | interrupted
    detail: str = Field(default="", max_length=2000)
    items_done: int = 0
    items_failed: int = 0
    reasons: str = Field(default="", max_length=2000)  # JSON [[reason, count], ...] of the failures
    error: str = Field(default="", max_length=4000)
    owner: str = Field(default="", max_length=200)  # host:pid of the process running it
    retried: bool = Field(default=False)  # an interrupted run already re-run once


class SchedulerHeartbeat(SQLModel, table=True):
    """The scheduler leader says it is alive (for `/readyz` and the status page)."""

    id: int = Field(default=1, primary_key=True)
    leader: str = Field(default="", max_length=200)
    beat_at: datetime = Field(default_factory=utcnow)


class ScheduledJob(SQLModel, table=True):
    """The leader's view of each job's next run, so every worker's page can show it."""

    job_id: str = Field(primary_key=True, max_length=100)
    next_run_at: datetime | None = None
    leader: str = Field(default="", max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)


@dataclass(frozen=True)
class JobSpec:
    id: str
    title: str
    func: JobFunc
    trigger: BaseTrigger


REGISTRY: dict[str, JobSpec] = {}
_IN_FLIGHT: dict[int, str] = {}  # JobRun id -> job id, runs of this process not yet finished


def process_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job(job_id: str, title: str, trigger: BaseTrigger) -> Callable[[JobFunc], JobFunc]:
    """Register a function as a scheduled job."""

    def register(func: JobFunc) -> JobFunc:
        REGISTRY[job_id] = JobSpec(job_id, title, func, trigger)
        return func

    return register


def load_jobs() -> dict[str, JobSpec]:
    """Import every job module so the registry is complete."""
    for name in JOB_MODULES:
        importlib.import_module(name)
    return REGISTRY


class JobRefused(Exception):
    """A run that may not start now (already running somewhere, or too soon after the last)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def open_run(job_id: str, trigger: str = "schedule", run_by: str = "", min_interval: float = 0) -> JobRun:
    """Record the start of a run, unless the job is running in a live process (any worker)
    or, with `min_interval`, a manual run started less than that many seconds ago:
    checked and written under one lock per job, so two workers cannot both start it."""
    now = utcnow()
    claimed: int | None = None
    try:
        with session_scope() as db:
            lock_name(db, f"job:{job_id}")
            running = db.exec(select(JobRun).where(JobRun.job_id == job_id, JobRun.status == "running")).all()
            if any(_owner_alive(r) for r in running):
                raise JobRefused(f"{job_id} is already running; wait for it to finish.")
            if min_interval > 0:
                last = db.exec(select(JobRun.started_at).where(JobRun.job_id == job_id, JobRun.trigger == "manual")
                               .order_by(col(JobRun.started_at).desc()).limit(1)).first()
                wait = min_interval - (now - as_utc(last)).total_seconds() if last else 0  # type: ignore[operator]
                if wait > 0:
                    raise JobRefused(f"{job_id} was started by hand {int(min_interval - wait)} s ago; "
                                     f"run it again in {int(wait) + 1} s.")
            run = JobRun(job_id=job_id, trigger=trigger, owner=process_id(), run_by=run_by[:300], started_at=now)
            db.add(run)
            db.flush()
            claimed = run.id
            assert claimed is not None
            _IN_FLIGHT[claimed] = job_id  # before the lock goes: the next check here must see it alive
    except BaseException:
        if claimed is not None:
            _IN_FLIGHT.pop(claimed, None)
        raise
    return run


async def run_job(job_id: str, trigger: str = "schedule", *, run_by: str = "", min_interval: float = 0) -> JobRun:
    """Run one job now, recording the run; never raises for the job's own errors.
    Raises `JobRefused` (and records nothing) when the job may not start now."""
    spec = load_jobs()[job_id]
    run = await asyncio.to_thread(open_run, job_id, trigger, run_by, min_interval)
    run_id = run.id
    assert run_id is not None
    _IN_FLIGHT[run_id] = job_id
    result = JobResult()
    try:
        if inspect.iscoroutinefunction(spec.func):
            result = job_results.as_result(await spec.func())  # type: ignore[misc]
        else:
            result = job_results.as_result(await asyncio.to_thread(spec.func))
        run.status, run.detail = result.status, result.summary[:2000]
        run.items_done, run.items_failed = result.done, result.failed
        run.reasons = job_results.encode_reasons(result.reasons)
    except asyncio.CancelledError:  # the process is stopping under the job
        run.status, run.finished_at, run.detail = "interrupted", utcnow(), "stopped with the process"
        with session_scope() as db:
            db.add(run)
        raise
    except Exception as exc:  # recorded, never propagated: other jobs go on
        log.exception("job %s failed", job_id)
        run.status = "error"
        run.error = f"{type(exc).__name__}: {exc}"[:1000] + "\n" + traceback.format_exc(limit=3)[-2900:]
    finally:
        _IN_FLIGHT.pop(run_id, None)
    run.finished_at = utcnow()
    with session_scope() as db:
        db.add(run)
    metrics.job_finished(job_id, run.status)
    if result.people:
        await asyncio.to_thread(job_results.record_people, job_id, result.people, run_id, run.finished_at)
    await live.publish(live.Change("jobs", data={"job_id": job_id, "status": run.status}))
    return run


def _record_plan(scheduler: AsyncIOScheduler, leader: str) -> None:
    with session_scope() as db:
        for aps_job in scheduler.get_jobs():
            row = db.get(ScheduledJob, aps_job.id) or ScheduledJob(job_id=aps_job.id)
            row.next_run_at = aps_job.next_run_time
            row.leader, row.updated_at = leader, utcnow()
            db.add(row)


def build_scheduler(leader: str) -> AsyncIOScheduler:
    """An `AsyncIOScheduler` with every registered job, recording plans as they move."""
    scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300})

    def make_runner(job_id: str) -> Callable[[], Awaitable[None]]:
        async def runner() -> None:
            try:
                await run_job(job_id)
            except JobRefused as refused:  # e.g. an operator's manual run is still going
                log.info("scheduled run skipped: %s", refused.message)
            await asyncio.to_thread(_record_plan, scheduler, leader)

        return runner

    for spec in load_jobs().values():
        scheduler.add_job(make_runner(spec.id), spec.trigger, id=spec.id, name=spec.title, replace_existing=True)
    return scheduler


def mark_in_flight_interrupted() -> int:
    """At shutdown: record this process's unfinished runs as interrupted."""
    ids = list(_IN_FLIGHT)
    if not ids:
        return 0
    with session_scope() as db:
        for run in db.exec(select(JobRun).where(col(JobRun.id).in_(ids), JobRun.status == "running")).all():
            run.status, run.finished_at, run.detail = "interrupted", utcnow(), "stopped with the process"
            db.add(run)
    log.warning("scheduler stopping: %d job run(s) recorded as interrupted", len(ids))
    return len(ids)


_FOREIGN_RUN_GRACE = timedelta(hours=6)


def _owner_alive(run: JobRun) -> bool:
    """Is the process that started `run` still working on it?"""
    if run.id in _IN_FLIGHT:
        return True
    host, _, pid = (run.owner or "").rpartition(":")
    if not run.owner or run.owner == process_id():
        return False  # our own id but not in flight here: a previous process with the same pid
    if host != socket.gethostname():
        started = as_utc(run.started_at) or utcnow()
        return utcnow() - started < _FOREIGN_RUN_GRACE  # another machine: trust it for a while
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True
    return True


def claim_interrupted_runs() -> list[str]:
    """Mark runs left `running` by dead processes as interrupted, and claim every
    interrupted run not yet retried; returns the job ids to run again (each once)."""
    to_rerun: list[str] = []
    with session_scope() as db:
        rows = db.exec(
            select(JobRun).where(col(JobRun.status).in_(["running", "interrupted"]), JobRun.retried == False)  # noqa: E712
            .order_by(col(JobRun.id))
        ).all()
        for run in rows:
            if run.status == "running":
                if _owner_alive(run):
                    continue
                run.status, run.finished_at = "interrupted", run.finished_at or utcnow()
                run.detail = run.detail or "the process stopped during the run"
            # Claim it atomically: two processes starting at once cannot both re-run it.
            claimed = db.execute(
                update(JobRun.__table__).where(JobRun.__table__.c.id == run.id, JobRun.__table__.c.retried == False)  # noqa: E712
                .values(retried=True, status="interrupted", finished_at=run.finished_at, detail=run.detail)
            ).rowcount
            if claimed and run.job_id in REGISTRY and run.job_id not in to_rerun:
                to_rerun.append(run.job_id)
    return to_rerun


async def recover_interrupted() -> list[JobRun]:
    """Re-run, once each, the jobs whose last runs were interrupted by a stop."""
    load_jobs()
    job_ids = await asyncio.to_thread(claim_interrupted_runs)
    runs = []
    for job_id in job_ids:
        log.info("re-running interrupted job %s", job_id)
        try:
            runs.append(await run_job(job_id, trigger="retry"))
        except JobRefused as refused:
            log.info("interrupted job not re-run: %s", refused.message)
    return runs


def beat(leader: str) -> None:
    """The leader is alive (written every loop of `run_as_leader`)."""
    with session_scope() as db:
        row = db.get(SchedulerHeartbeat, 1) or SchedulerHeartbeat(id=1)
        row.leader, row.beat_at = leader, utcnow()
        db.add(row)


def leader_heartbeat() -> tuple[str, datetime | None]:
    """Who leads the scheduler and when it last said so."""
    with session_scope() as db:
        row = db.get(SchedulerHeartbeat, 1)
        return (row.leader, as_utc(row.beat_at)) if row else ("", None)


async def run_as_leader(stop: asyncio.Event, retry_seconds: float = 15.0) -> None:
    """Compete for leadership; while held, run the scheduler until `stop` is set."""
    from services.leader import holder_id, make_lock

    lock = make_lock()
    scheduler: AsyncIOScheduler | None = None
    unreachable = False
    try:
        while not stop.is_set():
            try:  # Redis or the database down at start (or later): keep competing, never die
                held = await asyncio.to_thread(lock.acquire)
                unreachable = False
            except Exception as exc:
                held = False
                if not unreachable:
                    log.warning("scheduler: the %s leader lock is unreachable (%s); retrying", lock.kind, type(exc).__name__)
                unreachable = True
            if held and scheduler is None:
                scheduler = build_scheduler(holder_id())
                scheduler.start()
                await asyncio.to_thread(_record_plan, scheduler, holder_id())
                log.info("scheduler started as leader (%s lock)", lock.kind)
                recovery = asyncio.create_task(recover_interrupted(), name="scheduler-recovery")
                recovery.add_done_callback(lambda t: t.cancelled() or t.exception() and log.error("recovery failed: %s", t.exception()))
            elif not held and scheduler is not None:
                log.warning("lost scheduler leadership; stopping jobs here")
                scheduler.shutdown(wait=False)
                scheduler = None
            if scheduler is not None:
                try:
                    await asyncio.to_thread(beat, holder_id())
                except Exception:
                    log.warning("could not write the scheduler heartbeat", exc_info=True)
            try:
                await asyncio.wait_for(stop.wait(), timeout=retry_seconds if scheduler is None else 10.0)
            except asyncio.TimeoutError:
                pass
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        try:
            await asyncio.to_thread(mark_in_flight_interrupted)
            if scheduler is not None:
                await asyncio.to_thread(beat, "")  # stepping down: readiness no longer counts on us
        except Exception:
            log.exception("could not record interrupted job runs")
        try:
            await asyncio.to_thread(lock.release)
        except Exception:
            log.warning("scheduler: could not release the leader lock (it expires by itself)")


def every(**interval: int) -> IntervalTrigger:
    """Shorthand for an interval trigger, e.g. `every(hours=1)`."""
    return IntervalTrigger(**interval)
