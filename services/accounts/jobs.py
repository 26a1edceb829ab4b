"""Housekeeping jobs for accounts."""

from __future__ import annotations

from services import live
from services.accounts import links, sessions, throttle
from services.db import session_scope
from services.job_results import JobResult
from services.scheduler import every, job


@job("accounts.purge_sessions", "Remove expired sessions and old sign-in failures", every(hours=1))
def purge_sessions() -> JobResult:
    """One transaction for the rows: it removes everything or (raising) nothing."""
    with session_scope() as db:
        dead = sessions.purge_dead_sessions(db)
        failures = throttle.purge_old_failures(db)
        spent = links.purge(db)
    tabs = live.purge_clients()
    return JobResult(summary=f"{dead} sessions, {failures} sign-in failures, {spent} old email links, {tabs} idle tabs removed",
                     done=dead + failures + spent + tabs)
