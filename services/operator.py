"""What only operators may do to the whole instance: run a background job by hand.

Operators are accounts marked with `python -m app.cli admin add EMAIL` or named in
`ADMIN_EMAILS` (never demo accounts). Every attempt is audited with who made it; a
job runs at most once at a time across all workers, and manual runs of one job are
at least `JOB_MANUAL_MIN_INTERVAL_SECONDS` apart.
"""

from __future__ import annotations

import asyncio

from services import audit, scheduler
from services.accounts import UserInfo
from services.config import get_settings
from services.scheduler import JobRefused, JobRun


def actor_name(user: UserInfo | None) -> str:
    return f"user {user.id} <{user.email}>" if user else "signed-out visitor"


async def run_job_now(user: UserInfo | None, job_id: str) -> JobRun:
    """Run `job_id` now for `user`; raises `JobRefused` (audited) when they may not."""
    actor = actor_name(user)
    user_id = user.id if user else None
    jobs = scheduler.load_jobs()
    refusal = ""
    if user is None or not user.is_operator:
        refusal = "Only operators can run background jobs."
    elif job_id not in jobs:
        refusal = "There is no such job."
    if refusal:
        await asyncio.to_thread(audit.record, user_id, actor, "job.run", job_id[:200], "refused", refusal)
        raise JobRefused(refusal)
    try:
        run = await scheduler.run_job(job_id, trigger="manual", run_by=actor,
                                      min_interval=get_settings().job_manual_min_interval_seconds)
    except JobRefused as refused:
        await asyncio.to_thread(audit.record, user_id, actor, "job.run", job_id, "refused", refused.message)
        raise
    await asyncio.to_thread(audit.record, user_id, actor, "job.run", job_id, "started",
                            f"run {run.id}: {run.status}")
    return run
