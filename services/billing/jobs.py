"""Billing jobs: trial reminders, and the test gateway's renewals as real time passes."""

from __future__ import annotations

from services.billing.trials import send_reminders
from services.job_results import JobResult
from services.scheduler import every, job


@job("billing.trials", "Mail a reminder two days before a Pro trial ends", every(hours=1))
def remind_trials() -> JobResult:
    from services.billing import payments

    sent, failed = send_reminders(payments().now())
    result = JobResult(summary=f"{sent} trial reminder(s) sent", done=sent)
    if failed:
        result.fail("the reminder mail could not be sent", failed)
    return result


@job("billing.test_clock", "Test-mode payments: renew, fail or end subscriptions that are due", every(minutes=15))
def test_clock() -> JobResult:
    from services.billing import payments

    gateway = payments()
    run_due = getattr(gateway, "run_due", None)
    if not gateway.test_mode or run_due is None:
        return JobResult(summary="Stripe is live: it renews subscriptions itself")
    happened = run_due()
    return JobResult(summary=", ".join(f"{n} {what}" for what, n in sorted(happened.items())) or "nothing due",
                     done=sum(happened.values()))
