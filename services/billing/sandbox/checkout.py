"""Test-mode checkout: the customer, the checkout session, paying it with a test card
(declines, a 3-D Secure-style confirmation step), and the trial.

Each function changes the provider's side in one unit of work and returns the events
to deliver (type, Stripe-shaped object); the gateway signs and delivers them through
the webhook handler afterwards, as Stripe would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from services.billing.gateway import BillingError
from services.billing.models import BillingCustomer
from services.billing.prices import PlanPrice
from services.billing.sandbox import objects
from services.billing.sandbox.cards import Card
from services.billing.sandbox.models import SandboxCheckout, SandboxCustomer, SandboxInvoice, SandboxSubscription
from services.db import as_utc, lock_account, session_scope

Events = list[tuple[str, dict[str, Any]]]
CHECKOUT_LIFETIME = timedelta(hours=24)
EXPIRED = "This checkout has expired or was already used. Start again from the pricing page."


@dataclass(frozen=True, slots=True)
class CheckoutView:
    """What the test checkout page shows about one session."""

    id: str
    interval: str
    status: str  # open | requires_action | complete | expired
    pending_last4: str


def ensure_customer(user_id: int) -> str:
    """The person's test-mode customer (and the app's link to it), created once."""
    with session_scope() as db:
        row = db.exec(select(SandboxCustomer).where(SandboxCustomer.user_id == user_id)).first()
        if row is not None:
            return row.id
    customer_id = objects.new_id("cus")
    try:
        with session_scope() as db:
            db.add(SandboxCustomer(id=customer_id, user_id=user_id))
            if db.get(BillingCustomer, user_id) is None:
                db.add(BillingCustomer(user_id=user_id, stripe_customer_id=customer_id))
    except IntegrityError:  # a parallel checkout made it first
        return ensure_customer(user_id)
    return customer_id


def customer_row(db: Session, user_id: int) -> SandboxCustomer | None:
    return db.exec(select(SandboxCustomer).where(SandboxCustomer.user_id == user_id)).first()


def open_checkout(user_id: int, interval: str, now: datetime) -> str:
    """A new checkout session for Pro at `interval` (dated on the test clock); returns its id."""
    customer_id = ensure_customer(user_id)
    session_id = objects.new_id("cs")
    with session_scope() as db:
        db.add(SandboxCheckout(id=session_id, user_id=user_id, customer_id=customer_id, interval=interval, created_at=now))
    return session_id


def _session(db: Session, user_id: int, session_id: str, now: datetime) -> SandboxCheckout:
    row = db.get(SandboxCheckout, session_id)
    if row is None or row.user_id != user_id:
        raise BillingError("There is no such checkout. Start again from the pricing page.")
    created = as_utc(row.created_at)
    if row.status in ("open", "requires_action") and created is not None and now - created > CHECKOUT_LIFETIME:
        row.status = "expired"
        db.add(row)
    return row


def view(user_id: int, session_id: str, now: datetime) -> CheckoutView:
    with session_scope() as db:
        row = _session(db, user_id, session_id, now)
        return CheckoutView(row.id, row.interval, row.status, row.pending_last4)


def pay(user_id: int, session_id: str, card: Card, price: PlanPrice, now: datetime) -> tuple[str, Events]:
    """Pay an open session with a checked test card: "complete", "requires_action"
    (the 3-D Secure step follows), or `BillingError` for a decline (nothing changes)."""
    with session_scope() as db:
        lock_account(db, user_id)
        row = _session(db, user_id, session_id, now)
        if row.status != "open":
            raise BillingError(EXPIRED if row.status != "requires_action" else "Confirm the payment first.")
        if card.outcome == "decline":
            raise BillingError("Your card was declined. Nothing was charged: try another card.")
        if card.outcome == "authenticate":
            row.status, row.pending_last4 = "requires_action", card.last4
            db.add(row)
            return "requires_action", []
        return "complete", _complete(db, row, card.last4, card.outcome == "fails_later", price, now)


def confirm(user_id: int, session_id: str, approve: bool, price: PlanPrice, now: datetime) -> tuple[str, Events]:
    """The 3-D Secure step's answer: approved completes the payment, refused reopens the session."""
    with session_scope() as db:
        lock_account(db, user_id)
        row = _session(db, user_id, session_id, now)
        if row.status != "requires_action":
            raise BillingError(EXPIRED)
        if approve:
            return "complete", _complete(db, row, row.pending_last4, False, price, now)
        row.status, row.pending_last4 = "open", ""
        db.add(row)
    raise BillingError("The payment was not confirmed, so nothing was charged. Try again or use another card.")


def _complete(db: Session, row: SandboxCheckout, last4: str, card_fails: bool, price: PlanPrice, now: datetime) -> Events:
    customer = db.get(SandboxCustomer, row.customer_id)
    if customer is not None:
        customer.card_last4, customer.card_fails = last4, card_fails
        db.add(customer)
    live = db.exec(select(SandboxSubscription).where(SandboxSubscription.user_id == row.user_id,
                                                     SandboxSubscription.status != "canceled")).first()
    if live is not None:  # paid twice in two tabs: the second session does not make a second subscription
        row.status = "complete"
        db.add(row)
        return []
    sub = SandboxSubscription(id=objects.new_id("sub"), customer_id=row.customer_id, user_id=row.user_id, status="active",
                              interval=row.interval, amount_cents=price.cents or 0, currency=price.currency,
                              current_period_start=now, current_period_end=objects.period_after(now, row.interval),
                              created_at=now)
    inv = new_invoice(db, sub, "paid", now)
    row.status, row.pending_last4 = "complete", ""
    db.add_all([sub, inv, row])
    db.flush()
    return [("checkout.session.completed", objects.checkout_session(row, sub.id)),
            ("customer.subscription.created", objects.subscription(sub)), ("invoice.paid", objects.invoice(inv))]


def new_invoice(db: Session, sub: SandboxSubscription, status: str, now: datetime) -> SandboxInvoice:
    count = len(db.exec(select(SandboxInvoice.id).where(SandboxInvoice.customer_id == sub.customer_id)).all())
    number = f"TEST-{sub.customer_id[-6:].upper()}-{count + 1:04d}"
    return SandboxInvoice(id=objects.new_id("in"), number=number, user_id=sub.user_id, customer_id=sub.customer_id,
                          subscription_id=sub.id, amount_cents=sub.amount_cents, currency=sub.currency, status=status,
                          created=now, period_start=sub.current_period_start, period_end=sub.current_period_end)


def trial(user_id: int, days: int, price: PlanPrice, now: datetime) -> Events:
    """A trialing subscription without a card: it ends at the trial's end unless a card is
    added and the subscription resumed in the portal."""
    customer_id = ensure_customer(user_id)
    with session_scope() as db:
        lock_account(db, user_id)
        if db.exec(select(SandboxSubscription).where(SandboxSubscription.user_id == user_id,
                                                     SandboxSubscription.status != "canceled")).first():
            raise BillingError("You already have a subscription: manage it in the billing portal.")
        end = now + timedelta(days=days)
        sub = SandboxSubscription(id=objects.new_id("sub"), customer_id=customer_id, user_id=user_id, status="trialing",
                                  interval=price.interval, amount_cents=price.cents or 0, currency=price.currency,
                                  current_period_start=now, current_period_end=end, trial_end=end,
                                  cancel_at_period_end=True, created_at=now)
        db.add(sub)
        db.flush()
        return [("customer.subscription.created", objects.subscription(sub))]
