"""No job hides a failure: a run records items done and failed with the reasons, is
shown as partial or failed, and each affected person's outcome is kept for their page."""

from __future__ import annotations

from collections import Counter

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from services import job_results, scheduler
from services.accounts.models import User
from services.db import session_scope
from services.job_results import JobResult, Outcome
from state.system import job_rows

pytestmark = pytest.mark.usefixtures("db")


def _user(email: str) -> int:
    with session_scope() as db:
        user = User(email=email, display_name=email, password_hash="-")
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id


@pytest.fixture
def register():  # type: ignore[no-untyped-def]
    added: list[str] = []

    def add(job_id: str, func) -> None:  # type: ignore[no-untyped-def]
        scheduler.job(job_id, job_id, IntervalTrigger(hours=1))(func)
        added.append(job_id)

    yield add
    for job_id in added:
        scheduler.REGISTRY.pop(job_id, None)


@pytest.mark.parametrize(("done", "failed", "status"), [(5, 0, "ok"), (0, 0, "ok"), (3, 2, "partial"), (0, 4, "failed")])
def test_a_run_is_ok_partial_or_failed_by_its_items(done: int, failed: int, status: str) -> None:
    assert job_results.status_of(done, failed) == status


async def test_a_partial_run_records_counts_reasons_and_each_persons_outcome(register) -> None:  # type: ignore[no-untyped-def]
    ana, bo = _user("ana@x.test"), _user("bo@x.test")

    def half_done() -> JobResult:
        result = JobResult(summary="checked 137 artists")
        result.ok(125)
        result.fail("Spotify refused the request", 12)
        result.people[ana] = Outcome(125, 12, Counter({"Spotify refused the request": 12}))
        result.people[bo] = Outcome(20, 0)
        return result

    register("test.partial", half_done)
    run = await scheduler.run_job("test.partial", trigger="manual")

    assert (run.status, run.items_done, run.items_failed) == ("partial", 125, 12)
    assert job_results.decode_reasons(run.reasons) == [("Spotify refused the request", 12)]
    mine = job_results.person_outcome(ana, ["test.partial"])
    assert mine is not None and (mine.status, mine.done, mine.failed, mine.main_reason) == ("partial", 125, 12, "Spotify refused the request")
    theirs = job_results.person_outcome(bo, ["test.partial"])
    assert theirs is not None and theirs.ok
    row = next(r for r in job_rows() if r["id"] == "test.partial")
    assert row["status"] == "partial"
    assert row["problems"] == "12 of 137 items failed: Spotify refused the request (12)"


async def test_the_next_run_replaces_a_persons_outcome(register) -> None:  # type: ignore[no-untyped-def]
    ana = _user("ana@x.test")
    outcomes = iter([Outcome(0, 3, Counter({"Spotify was unavailable": 3})), Outcome(3, 0)])

    def run_once() -> JobResult:
        return JobResult(summary="x", people={ana: next(outcomes)})

    register("test.replace", run_once)
    await scheduler.run_job("test.replace")
    first = job_results.person_outcome(ana, ["test.replace"])
    assert first is not None and first.status == "failed"
    await scheduler.run_job("test.replace")
    second = job_results.person_outcome(ana, ["test.replace"])
    assert second is not None and second.ok and second.finished_at >= first.finished_at


async def test_a_job_returning_a_plain_summary_still_records_and_a_crash_is_an_error(register) -> None:  # type: ignore[no-untyped-def]
    def plain() -> str:
        return "did 3 things"

    def crash() -> JobResult:
        raise RuntimeError("bad record 17")

    register("test.plain", plain)
    register("test.crash", crash)
    ok, bad = await scheduler.run_job("test.plain"), await scheduler.run_job("test.crash")
    assert (ok.status, ok.detail, ok.items_failed) == ("ok", "did 3 things", 0)
    assert bad.status == "error" and "bad record 17" in bad.error


def test_every_registered_job_returns_a_job_result() -> None:
    """Each job module was moved to `JobResult`; a string return would count no items."""
    import inspect
    import typing

    for spec in scheduler.load_jobs().values():
        hints = typing.get_type_hints(spec.func)
        assert hints.get("return") is JobResult, f"{spec.id} should return a JobResult ({inspect.getsourcefile(spec.func)})"
