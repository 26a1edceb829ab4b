"""The one webhook handler both payment gateways deliver through.

Stripe posts its events to `/api/billing/webhook`; the built-in test gateway signs
events of the same shapes with its own secret and hands them to the same
`handle(...)`. Either way the body is verified on its raw bytes (Stripe's signature
scheme), each event id is applied once, and the plan is derived from the
subscription as re-read from the provider (`retrieve`) — never from the order of
the events — so the plan logic exists once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services import live
from services.accounts.models import User
from services.billing import notices
from services.billing.entitlements import plan_for
from services.billing.gateway import WebhookResult
from services.billing.models import BillingCustomer, BillingTrial, Subscription, WebhookEvent
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

HANDLED_EVENTS = {
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
}

Retrieve = Callable[[str], dict[str, Any]]


def handle(payload: bytes, signature: str | None, secret: str, retrieve: Retrieve) -> WebhookResult:
    """Verify and apply one delivery; never raises for a bad one (it is refused or logged)."""
    if not secret:
        return WebhookResult(400, "webhooks are not configured")
    if not signature:
        return WebhookResult(400, "missing Stripe-Signature header")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        log.warning("rejected a webhook delivery: %s", exc)
        return WebhookResult(400, "invalid signature")
    with session_scope() as db:
        if db.get(WebhookEvent, event.id) is not None:
            return WebhookResult(200, "duplicate delivery ignored")
    outcome = "ignored"
    if event.type in HANDLED_EVENTS:
        obj = event.data.object
        obj = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
        outcome = _apply(event.type, obj, retrieve)
    try:
        with session_scope() as db:
            db.add(WebhookEvent(id=event.id, type=event.type, outcome=outcome))
    except IntegrityError:
        return WebhookResult(200, "duplicate delivery ignored")
    return WebhookResult(200, outcome)


def _apply(event_type: str, obj: dict[str, Any], retrieve: Retrieve) -> str:
    if event_type == "checkout.session.completed" and obj.get("customer") and obj.get("client_reference_id"):
        _link_customer(str(obj["client_reference_id"]), str(obj["customer"]))
    sub_id = subscription_of(event_type, obj)
    user_id = store_subscription(retrieve(sub_id)) if sub_id else None
    if not user_id:
        log.warning("webhook %s for an unknown customer (%s); ignored", event_type, obj.get("customer"))
        return "unknown customer"
    if event_type == "invoice.paid":
        notices.receipt(user_id, obj)
    live.publish_soon(live.Change("billing", user_id=user_id))
    return f"user {user_id}"


def customer_of(user_id: int) -> str | None:
    """The person's customer id at the payment provider, once they have one."""
    with session_scope() as db:
        row = db.get(BillingCustomer, user_id)
        return row.stripe_customer_id if row else None


def _user_for_customer(customer_id: str, metadata: dict[str, Any] | None = None) -> int | None:
    with session_scope() as db:
        row = db.exec(select(BillingCustomer).where(BillingCustomer.stripe_customer_id == customer_id)).first()
        if row is not None:
            return row.user_id
    hinted = (metadata or {}).get("user_id")
    return int(hinted) if hinted and str(hinted).isdigit() else None


def _ts(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), timezone.utc) if value else None


def store_subscription(sub: dict[str, Any]) -> int | None:
    """Store a subscription as the provider describes it now; returns its user (None when unknown).

    A plan change is told by mail (and pushed live by the caller); the first trialing
    subscription of an account records its one trial.
    """
    subscription_id = sub.get("id", "")
    customer = sub.get("customer")
    customer_id = customer if isinstance(customer, str) else getattr(customer, "id", "")
    user_id = _user_for_customer(customer_id, sub.get("metadata"))
    if user_id is None:
        log.warning("subscription %s belongs to unknown customer %s; ignored", subscription_id, customer_id)
        return None
    items = (sub.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    price = item.get("price") or {}
    period_end = sub.get("current_period_end") or item.get("current_period_end")
    with session_scope() as db:
        if db.get(User, user_id) is None:
            log.warning("subscription %s names account %s, which does not exist; ignored", subscription_id, user_id)
            return None
        plan_before = plan_for(user_id, db)
        if db.get(BillingCustomer, user_id) is None and customer_id:
            db.add(BillingCustomer(user_id=user_id, stripe_customer_id=customer_id))
        row = db.get(Subscription, sub["id"]) or Subscription(stripe_subscription_id=sub["id"], user_id=user_id, status="")
        status_before = row.status
        row.status = sub.get("status") or "incomplete"
        row.price_id = price.get("id") or ""
        row.interval = (price.get("recurring") or {}).get("interval") or ""
        row.current_period_end = _ts(period_end)
        row.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
        row.updated_at = utcnow()
        db.add(row)
        if row.status == "trialing" and db.get(BillingTrial, user_id) is None:
            db.add(BillingTrial(user_id=user_id, ends_at=_ts(sub.get("trial_end")) or row.current_period_end))
        db.flush()
        plan_after = plan_for(user_id, db)
    # A plan change does not rotate sessions (a role change does): limits are read from the
    # plan at every action, and a rotation in one tab would sign out the person's other
    # open tabs, which must instead see the new plan live.
    if plan_after != plan_before:
        notices.plan_changed(user_id, plan_after, ended_trial=status_before == "trialing")
    return user_id


def subscription_of(event_type: str, obj: dict[str, Any]) -> str | None:
    """The subscription an event is about (subscription events, checkouts, invoices old and new)."""
    if event_type.startswith("customer.subscription."):
        return obj.get("id")
    sub = obj.get("subscription")
    if sub is None:  # newer invoice shape
        sub = ((obj.get("parent") or {}).get("subscription_details") or {}).get("subscription")
    return sub if isinstance(sub, str) else (sub or {}).get("id")


def _link_customer(reference: str, customer_id: str) -> None:
    if not reference.isdigit():
        return
    with session_scope() as db:
        if db.get(User, int(reference)) is None:
            return
        if db.get(BillingCustomer, int(reference)) is None:
            taken = db.exec(select(BillingCustomer).where(BillingCustomer.stripe_customer_id == customer_id)).first()
            if taken is None:
                db.add(BillingCustomer(user_id=int(reference), stripe_customer_id=customer_id))
