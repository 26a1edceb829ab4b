"""Jobs of the hosted demo: expire demo accounts, tidy quota and rate tables."""

from __future__ import annotations

from services import quotas, ratelimit
from services.db import session_scope
from services.hosting.cleanup import expire_demo_accounts
from services.job_results import JobResult
from services.scheduler import every, job


@job("hosting.expire_demo_accounts", "Delete demo accounts idle for 7 days, with their media", every(hours=1))
def expire_demo() -> JobResult:
    removed = expire_demo_accounts()
    with session_scope() as db:
        counters = quotas.purge_old(db)
    buckets = ratelimit.purge_full_buckets()
    result = JobResult(summary=f"{removed.summary()}; {counters} old quota counters, {buckets} idle rate buckets dropped",
                       done=removed.accounts)
    if removed.failed:
        result.fail("a demo account could not be deleted (see the log)", removed.failed)
    return result
