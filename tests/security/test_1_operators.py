"""Item 1: only operators run instance-wide jobs; each job runs once at a time across
workers; manual runs keep a minimum interval; every attempt is audited with who made it.
Through the System panel's real state events and the real CLI."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlmodel import select

from app import cli
from services import accounts, audit, scheduler
from services.scheduler import JobRun, JobRefused
from state.auth import AuthState
from state.system import SystemState
from tests.security.conftest import Tab, script_of

pytestmark = pytest.mark.usefixtures("db")
JOB = "accounts.purge_sessions"


def _demo_account() -> tuple[str, str]:
    """A demo account as "Try the demo" makes one (without seeding its library)."""
    from services.accounts.models import User
    from services.db import session_scope

    with session_scope() as db:
        user = User(email=f"demo-{id(db)}@demo.invalid", display_name="Demo", password_hash="!demo:x", is_demo=True)
        db.add(user)
        db.flush()
        user_id, email = user.id, user.email
    return email, accounts.open_session(user_id)  # type: ignore[arg-type]


def _manual_runs(job_id: str = JOB) -> list[JobRun]:
    from services.db import session_scope

    with session_scope() as db:
        return list(db.exec(select(JobRun).where(JobRun.job_id == job_id, JobRun.trigger == "manual")).all())


async def test_a_non_operator_and_a_demo_visitor_are_refused_and_audited() -> None:
    _, token = accounts.sign_up("person@example.com", "good pass 123")
    _, demo_token = _demo_account()
    for who in (token, demo_token):
        tab = Tab(token=who)
        await tab.send(SystemState.load)
        assert tab.state(SystemState).jobs == []  # no panel rows for them
        effects = await tab.send(SystemState.run_now, JOB)
        assert "Only operators can run background jobs." in repr(effects)
    assert _manual_runs() == []
    refused = audit.recent(action="job.run")
    assert [e.outcome for e in refused] == ["refused", "refused"]
    assert refused[-1].actor.endswith("<person@example.com>") and "Only operators" in refused[-1].detail


async def test_the_cli_makes_an_operator_whose_session_rotates_then_runs_are_audited(settings) -> None:
    settings(JOB_MANUAL_MIN_INTERVAL_SECONDS=60)
    _, token = accounts.sign_up("ops@example.com", "good pass 123")
    assert cli.main(["admin", "add", "ops@example.com"]) == 0

    tab = Tab(token=token, path="/")
    effects = await tab.send(AuthState.check_session)
    assert "/api/auth/rotate?next=%2F" in script_of(effects)  # role changed: the session rotates
    fresh = accounts.rotate_session(token)
    assert fresh and accounts.user_for_token(token) is None

    tab = Tab(token=fresh)
    await tab.send(SystemState.load)
    assert any(row["id"] == JOB for row in tab.state(SystemState).jobs)
    await tab.send(SystemState.run_now, JOB)
    runs = _manual_runs()
    assert len(runs) == 1 and runs[0].status == "ok" and runs[0].run_by.endswith("<ops@example.com>")
    assert tab.state(SystemState).audit[0]["outcome"] == "started"

    effects = await tab.send(SystemState.run_now, JOB)  # again at once: too soon
    assert "run it again in" in repr(effects) and len(_manual_runs()) == 1
    assert [e.outcome for e in audit.recent(action="job.run")] == ["refused", "started"]

    assert cli.main(["admin", "remove", "ops@example.com"]) == 0
    assert not accounts.user_for_token(fresh).is_operator  # type: ignore[union-attr]


async def test_admin_emails_make_operators_but_never_of_a_demo_account(settings) -> None:
    settings(ADMIN_EMAILS="Boss@Example.com, other@example.com")
    boss, _ = accounts.sign_up("boss@example.com", "good pass 123")
    assert boss.is_operator
    demo_email, demo_token = _demo_account()
    with pytest.raises(accounts.AccountError, match="demo account"):
        accounts.set_operator(demo_email, True)
    assert not accounts.user_for_token(demo_token).is_operator  # type: ignore[union-attr]


def test_a_job_runs_at_most_once_at_a_time_whoever_starts_it() -> None:
    """Eight starts at the same moment (as eight workers would): one run, seven refusals."""
    started = threading.Event()
    release = threading.Event()

    @scheduler.job("security.slow", "A slow job", scheduler.every(hours=24))
    def slow() -> str:
        started.set()
        release.wait(10)
        return "done"

    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        try:
            asyncio.run(scheduler.run_job("security.slow", trigger="manual", run_by="test"))
            outcomes.append("ran")
        except JobRefused as refused:
            outcomes.append("refused" if "already running" in refused.message else refused.message)

    threads = [threading.Thread(target=start) for _ in range(8)]
    try:
        for t in threads:
            t.start()
        assert started.wait(10)
        deadline = time.monotonic() + 15
        while len(outcomes) < 7 and time.monotonic() < deadline:  # the others try while it runs
            time.sleep(0.05)
        release.set()
        for t in threads:
            t.join(20)
    finally:
        release.set()
        scheduler.REGISTRY.pop("security.slow", None)
    assert sorted(outcomes) == ["ran"] + ["refused"] * 7
    assert len(_manual_runs("security.slow")) == 1
