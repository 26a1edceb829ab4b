"""The one Pro trial per account: who may start it, starting it through the gateway
(test mode: at once; Stripe: a Checkout with `trial_period_days`), and the reminder
mailed two days before it ends."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from services.billing import notices
from services.billing.entitlements import plan_for
from services.billing.gateway import BillingError
from services.billing.models import BillingTrial, Subscription
from services.db import as_utc, lock_account, session_scope, utcnow

REMIND_BEFORE = timedelta(days=2)
USED = "You have had your Pro trial already: upgrade to keep Pro."


def trial_available(user_id: int) -> bool:
    """Whether the person can still start their trial (never had one, not on Pro)."""
    with session_scope() as db:
        return db.get(BillingTrial, user_id) is None and plan_for(user_id, db) == "free"


def start_trial(user_id: int) -> str:
    """Start the person's trial; returns where to send them. Refused (`BillingError`) when
    it was used or they are on Pro."""
    from services.billing import payments

    with session_scope() as db:
        lock_account(db, user_id)
        if db.get(BillingTrial, user_id) is not None:
            raise BillingError(USED)
        if plan_for(user_id, db) == "pro":
            raise BillingError("You are on Pro already.")
    return payments(user_id).start_trial(user_id)


def send_reminders(now: datetime | None = None) -> tuple[int, int]:
    """Mail everyone whose trial ends within two days (once each); returns (sent, failed)."""
    moment = now or utcnow()
    sent = failed = 0
    with session_scope() as db:
        rows = db.exec(select(Subscription, BillingTrial).where(
            Subscription.user_id == BillingTrial.user_id, Subscription.status == "trialing",
            BillingTrial.reminded_at == None)).all()  # noqa: E711 (SQL NULL)
        due = [(sub.user_id, as_utc(sub.current_period_end)) for sub, _ in rows]
    for user_id, ends in due:
        if ends is None or not moment < ends <= moment + REMIND_BEFORE:
            continue
        try:
            notices.trial_reminder(user_id, ends)
            with session_scope() as db:
                trial = db.get(BillingTrial, user_id)
                if trial is not None:
                    trial.reminded_at = moment
                    db.add(trial)
            sent += 1
        except Exception:
            failed += 1
    return sent, failed
