"""What happens when the test clock passes a period end: renewals charged to the card on
file, failed charges (past_due, retried, given up after 14 days), and subscriptions that
end (a cancellation or a trial without a card) — the same events Stripe sends then."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from services.billing.sandbox import objects
from services.billing.sandbox.account import open_invoice, pay_open_invoices
from services.billing.sandbox.checkout import Events, customer_row, new_invoice
from services.billing.sandbox.models import SandboxInvoice, SandboxSubscription
from services.db import as_utc, session_scope

GIVE_UP_AFTER = timedelta(days=14)
MAX_PERIODS = 400  # a clock moved a year ahead renews a monthly plan 12 times, never forever


def run_due(now: datetime) -> tuple[Counter[str], Events]:
    """Apply everything due by `now`; returns what happened (counted) and the events."""
    happened: Counter[str] = Counter()
    events: Events = []
    with session_scope() as db:
        subs = db.exec(select(SandboxSubscription).where(col(SandboxSubscription.status).in_(
            ("trialing", "active", "past_due")))).all()
        for sub in subs:
            for _ in range(MAX_PERIODS):
                step = _step(db, sub, now)
                if step is None:
                    break
                happened[step[0]] += 1
                events.extend(step[1])
                if step[0] != "renewed":
                    break
    return happened, events


def _step(db: Session, sub: SandboxSubscription, now: datetime) -> tuple[str, Events] | None:
    customer = customer_row(db, sub.user_id)
    card_ok = customer is not None and bool(customer.card_last4) and not customer.card_fails
    end = as_utc(sub.current_period_end)
    assert end is not None
    if sub.status == "past_due":
        if card_ok:
            return "recovered", pay_open_invoices(db, sub, now)
        since = as_utc(sub.failed_since) or end
        if now - since >= GIVE_UP_AFTER:
            return "ended", _end(db, sub)
        return None
    if end > now:
        return None
    if sub.cancel_at_period_end:
        return ("trial ended" if sub.status == "trialing" else "ended"), _end(db, sub)
    sub.current_period_start, sub.current_period_end = end, objects.period_after(end, sub.interval)
    sub.trial_end = sub.trial_end if sub.status != "trialing" else end
    if not card_ok:
        return "payment failed", open_invoice(db, sub, end)
    inv = new_invoice(db, sub, "paid", end)
    sub.status = "active"
    db.add_all([inv, sub])
    db.flush()
    return "renewed", [("invoice.paid", objects.invoice(inv)), ("customer.subscription.updated", objects.subscription(sub))]


def _end(db: Session, sub: SandboxSubscription) -> Events:
    for inv in db.exec(select(SandboxInvoice).where(SandboxInvoice.subscription_id == sub.id,
                                                   SandboxInvoice.status == "open")).all():
        inv.status = "void"
        db.add(inv)
    sub.status, sub.cancel_at_period_end = "canceled", False
    db.add(sub)
    db.flush()
    return [("customer.subscription.deleted", objects.subscription(sub))]
