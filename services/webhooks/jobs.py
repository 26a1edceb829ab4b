"""The scheduler's webhook job: send what is due, every minute."""

from __future__ import annotations

from services.job_results import JobResult
from services.scheduler import every, job
from services.webhooks.delivery import deliver_due


@job("webhooks.deliver", "Send due webhook events (retries with backoff)", every(minutes=1))
def deliver_webhooks() -> JobResult:
    sent = deliver_due()
    return JobResult(summary=f"{sent.delivered} delivered, {sent.retried} to retry, {sent.failed} failed",
                     done=sent.delivered, failed=sent.failed)
