"""The test-mode customer portal: change plan, cancel at period end, resume, update the
card (which retries an unpaid renewal at once), and what the portal page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from services.billing.gateway import BillingError
from services.billing.prices import PlanPrice
from services.billing.sandbox import objects
from services.billing.sandbox.cards import Card
from services.billing.sandbox.checkout import Events, customer_row, new_invoice
from services.billing.sandbox.models import SandboxInvoice, SandboxSubscription
from services.db import as_utc, lock_account, session_scope

NO_SUBSCRIPTION = "There is no subscription to manage: subscribe to Pro (or start the trial) first."


@dataclass(frozen=True, slots=True)
class PortalView:
    """The provider's side of one person's subscription, for the test portal page."""

    has_subscription: bool
    status: str
    interval: str
    period_end: datetime | None
    cancel_at_period_end: bool
    trial: bool
    card_last4: str
    card_fails: bool


def current(db: Session, user_id: int) -> SandboxSubscription | None:
    """The person's subscription that has not ended (the newest)."""
    return db.exec(select(SandboxSubscription).where(SandboxSubscription.user_id == user_id,
                                                     SandboxSubscription.status != "canceled")
                   .order_by(col(SandboxSubscription.created_at).desc())).first()


def view(user_id: int) -> PortalView:
    with session_scope() as db:
        sub = current(db, user_id)
        customer = customer_row(db, user_id)
        last4, fails = (customer.card_last4, customer.card_fails) if customer else ("", False)
        if sub is None:
            return PortalView(False, "", "", None, False, False, last4, fails)
        return PortalView(True, sub.status, sub.interval, as_utc(sub.current_period_end), sub.cancel_at_period_end,
                          sub.status == "trialing", last4, fails)


def _mine(db: Session, user_id: int) -> SandboxSubscription:
    lock_account(db, user_id)
    sub = current(db, user_id)
    if sub is None:
        raise BillingError(NO_SUBSCRIPTION)
    return sub


def _updated(db: Session, sub: SandboxSubscription) -> Events:
    db.add(sub)
    db.flush()
    return [("customer.subscription.updated", objects.subscription(sub))]


def change_plan(user_id: int, price: PlanPrice) -> Events:
    """Switch between monthly and yearly; the new price is charged from the next renewal."""
    if not price.offered:
        raise BillingError(f"The {price.interval}ly Pro plan has no price on this instance.")
    with session_scope() as db:
        sub = _mine(db, user_id)
        if sub.interval == price.interval:
            raise BillingError(f"You are on the {price.interval}ly plan already.")
        sub.interval, sub.amount_cents, sub.currency = price.interval, price.cents or 0, price.currency
        return _updated(db, sub)


def cancel(user_id: int) -> Events:
    """Cancel at the end of the period: Pro stays until then."""
    with session_scope() as db:
        sub = _mine(db, user_id)
        if sub.cancel_at_period_end:
            raise BillingError("Your subscription already ends at the end of this period.")
        sub.cancel_at_period_end = True
        return _updated(db, sub)


def resume(user_id: int) -> Events:
    """Undo a cancellation (a trial needs a card on file first, to be charged when it ends)."""
    with session_scope() as db:
        sub = _mine(db, user_id)
        customer = customer_row(db, user_id)
        if not sub.cancel_at_period_end:
            raise BillingError("Your subscription renews already.")
        if customer is None or not customer.card_last4:
            raise BillingError("Add a card first: it is charged when the trial ends.")
        sub.cancel_at_period_end = False
        return _updated(db, sub)


def update_card(user_id: int, card: Card, now: datetime) -> tuple[str, Events]:
    """Put a test card on file; a renewal left unpaid (past_due) is retried with it at once."""
    if card.outcome == "decline":
        raise BillingError("Your card was declined. The card on file is unchanged.")
    with session_scope() as db:
        lock_account(db, user_id)
        customer = customer_row(db, user_id)
        if customer is None:
            raise BillingError(NO_SUBSCRIPTION)
        customer.card_last4, customer.card_fails = card.last4, card.outcome == "fails_later"
        db.add(customer)
        sub = current(db, user_id)
        if sub is None or sub.status != "past_due":
            return f"Card ending {card.last4} saved.", []
        if customer.card_fails:
            return f"Card ending {card.last4} saved, but the retried payment was declined again.", []
        return f"Card ending {card.last4} saved and the unpaid invoice paid.", pay_open_invoices(db, sub, now)


def pay_open_invoices(db: Session, sub: SandboxSubscription, now: datetime) -> Events:
    """Pay what a past_due subscription owes: it is active again."""
    events: Events = []
    for inv in db.exec(select(SandboxInvoice).where(SandboxInvoice.subscription_id == sub.id,
                                                   SandboxInvoice.status == "open")).all():
        inv.status = "paid"
        db.add(inv)
        db.flush()
        events.append(("invoice.paid", objects.invoice(inv)))
    sub.status, sub.failed_since = "active", None
    return events + _updated(db, sub)


def open_invoice(db: Session, sub: SandboxSubscription, now: datetime) -> Events:
    """A renewal whose charge failed: the invoice stays open and the subscription is past_due."""
    inv = new_invoice(db, sub, "open", now)
    db.add(inv)
    sub.status = "past_due"
    sub.failed_since = sub.failed_since or now
    db.flush()
    return [("invoice.payment_failed", objects.invoice(inv)), *_updated(db, sub)]


def invoices(user_id: int, limit: int) -> list[SandboxInvoice]:
    with session_scope() as db:
        return list(db.exec(select(SandboxInvoice).where(SandboxInvoice.user_id == user_id)
                            .order_by(col(SandboxInvoice.created).desc()).limit(limit)).all())
