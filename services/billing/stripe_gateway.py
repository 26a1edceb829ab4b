"""Stripe, the live payments adapter: checkout, the customer portal, invoices and the webhook.

Uses the official `stripe` library's `StripeClient`, built once by the registry;
`STRIPE_API_BASE` points it at another server (the tests' local fake). Webhooks are
verified on the raw body, each event id is handled once, and the plan is derived
from the subscription as re-read from Stripe — never from the order of the events.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services import live
from services.accounts.models import User
from services.billing.gateway import NOT_CONFIGURED, BillingError, InvoiceRow, WebhookResult
from services.accounts.sessions import privileges_changed
from services.billing.entitlements import plan_for
from services.billing.models import BillingCustomer, Subscription, WebhookEvent
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


class StripeGateway:
    """The live payments adapter: one `StripeClient` (`STRIPE_API_BASE` points it at
    another server, e.g. the tests' local fake)."""

    name = "stripe"

    def __init__(self, secret_key: str, webhook_secret: str = "", api_base: str = "", price_monthly: str = "",
                 price_yearly: str = "", public_url: str = "http://localhost:3000") -> None:
        if not secret_key:
            raise BillingError(NOT_CONFIGURED)
        bases = {"api": api_base.rstrip("/")} if api_base else {}
        self.client = stripe.StripeClient(secret_key, base_addresses=bases, max_network_retries=2)  # type: ignore[arg-type]
        self.webhook_secret = webhook_secret
        self.prices = {"month": price_monthly, "year": price_yearly}
        self.public_url = public_url.rstrip("/")
        self.configured = True

    def start_checkout(self, user_id: int, interval: str) -> str:
        """A Checkout Session for Pro (monthly or yearly); returns the URL to send the person to
        (for someone already on Pro: their Customer Portal, never a second subscription)."""
        if plan_for(user_id) == "pro":
            if _customer_id(user_id) is not None:
                return self.portal_url(user_id)
            raise BillingError("You are already on Pro.")
        price = self.prices.get(interval, "")
        if not price:
            raise BillingError(f"No price is configured for the {interval}ly Pro plan.")
        session = self.client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": self._ensure_customer(user_id),
                "client_reference_id": str(user_id),
                "line_items": [{"price": price, "quantity": 1}],
                "success_url": f"{self.public_url}/billing?checkout=success",
                "cancel_url": f"{self.public_url}/billing?checkout=cancel",
                "subscription_data": {"metadata": {"user_id": str(user_id)}},
            }
        )
        if not session.url:
            raise BillingError("Stripe did not return a checkout page.")
        return session.url

    def portal_url(self, user_id: int) -> str:
        """A Customer Portal session to manage the subscription and payment method."""
        customer = _customer_id(user_id)
        if customer is None:
            raise BillingError("There is no billing account yet: subscribe to Pro first.")
        session = self.client.v1.billing_portal.sessions.create(
            params={"customer": customer, "return_url": f"{self.public_url}/billing"}
        )
        return session.url

    def invoices(self, user_id: int, limit: int = 12) -> list[InvoiceRow]:
        """The person's latest invoices."""
        customer = _customer_id(user_id)
        if customer is None:
            return []
        rows = []
        for obj in self.client.v1.invoices.list(params={"customer": customer, "limit": limit}).data:
            inv = obj.to_dict()
            amount = (inv.get("amount_paid") or inv.get("amount_due") or 0) / 100
            rows.append(
                InvoiceRow(
                    number=inv.get("number") or inv["id"],
                    created=datetime.fromtimestamp(inv.get("created") or 0, timezone.utc),
                    amount=f"{amount:.2f} {(inv.get('currency') or 'usd').upper()}",
                    status=inv.get("status") or "",
                    url=inv.get("hosted_invoice_url") or "",
                )
            )
        return rows

    def _ensure_customer(self, user_id: int) -> str:
        """The person's Stripe customer, created at their first checkout."""
        existing = _customer_id(user_id)
        if existing:
            return existing
        with session_scope() as db:
            user = db.get(User, user_id)
            if user is None:
                raise BillingError("Unknown account.")
            email = user.email
        customer = self.client.v1.customers.create(params={"email": email, "metadata": {"user_id": str(user_id)}})
        try:
            with session_scope() as db:
                db.add(BillingCustomer(user_id=user_id, stripe_customer_id=customer.id))
        except IntegrityError:  # a parallel checkout created one first
            return _customer_id(user_id) or customer.id
        return customer.id

    def sync_subscription(self, subscription_id: str) -> int | None:
        """Re-read a subscription from Stripe and store its current state; returns the user."""
        return _store_subscription(self.client.v1.subscriptions.retrieve(subscription_id).to_dict())

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult:
        """Verify and apply one Stripe webhook delivery."""
        if not self.webhook_secret:
            return WebhookResult(400, "webhooks are not configured")
        if not signature:
            return WebhookResult(400, "missing Stripe-Signature header")
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            log.warning("rejected a Stripe webhook: %s", exc)
            return WebhookResult(400, "invalid signature")
        with session_scope() as db:
            if db.get(WebhookEvent, event.id) is not None:
                return WebhookResult(200, "duplicate delivery ignored")
        outcome = "ignored"
        if event.type in HANDLED_EVENTS:
            obj = event.data.object
            obj = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
            if event.type == "checkout.session.completed" and obj.get("customer") and obj.get("client_reference_id"):
                _link_customer(str(obj["client_reference_id"]), str(obj["customer"]))
            sub_id = _subscription_of(event.type, obj)
            user_id = self.sync_subscription(sub_id) if sub_id else None
            outcome = f"user {user_id}" if user_id else "unknown customer"
            if user_id:
                live.publish_soon(live.Change("billing", user_id=user_id))
        try:
            with session_scope() as db:
                db.add(WebhookEvent(id=event.id, type=event.type, outcome=outcome))
        except IntegrityError:
            return WebhookResult(200, "duplicate delivery ignored")
        return WebhookResult(200, outcome)


def _customer_id(user_id: int) -> str | None:
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


def _store_subscription(sub: dict[str, Any]) -> int | None:
    """Store a subscription as Stripe describes it now; returns its user (None when unknown)."""
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
        plan_before = plan_for(user_id, db)
        if db.get(BillingCustomer, user_id) is None and customer_id:
            db.add(BillingCustomer(user_id=user_id, stripe_customer_id=customer_id))
        row = db.get(Subscription, sub["id"]) or Subscription(stripe_subscription_id=sub["id"], user_id=user_id, status="")
        row.status = sub.get("status") or "incomplete"
        row.price_id = price.get("id") or ""
        row.interval = (price.get("recurring") or {}).get("interval") or ""
        row.current_period_end = _ts(period_end)
        row.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
        row.updated_at = utcnow()
        db.add(row)
        db.flush()
        if plan_for(user_id, db) != plan_before:
            privileges_changed(db, user_id)  # the plan changed: the person's sessions rotate
    return user_id


def _subscription_of(event_type: str, obj: dict[str, Any]) -> str | None:
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
