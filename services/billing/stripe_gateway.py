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

from services.accounts.models import User
from services.billing import webhook
from services.billing.entitlements import plan_for
from services.billing.gateway import NOT_CONFIGURED, BillingError, InvoiceRow, WebhookResult
from services.billing.models import BillingCustomer
from services.billing.prices import PlanPrice, settings_prices
from services.billing.webhook import customer_of as _customer_id
from services.billing.webhook import store_subscription
from services.cache import Cache
from services.config import get_settings
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)


class StripeGateway:
    """The live payments adapter: one `StripeClient` (`STRIPE_API_BASE` points it at
    another server, e.g. the tests' local fake)."""

    name = "stripe"
    label = "Stripe"
    test_mode = False

    def __init__(self, secret_key: str, webhook_secret: str = "", api_base: str = "", price_monthly: str = "",
                 price_yearly: str = "", public_url: str = "http://localhost:3000", trial_days: int = 7,
                 fallback_prices: dict[str, PlanPrice] | None = None) -> None:
        if not secret_key:
            raise BillingError(NOT_CONFIGURED)
        bases = {"api": api_base.rstrip("/")} if api_base else {}
        self.client = stripe.StripeClient(secret_key, base_addresses=bases, max_network_retries=2)  # type: ignore[arg-type]
        self.webhook_secret = webhook_secret
        self.prices_ids = {"month": price_monthly, "year": price_yearly}
        self.public_url = public_url.rstrip("/")
        self.configured = True
        self.trial_days = trial_days
        self._fallback = fallback_prices if fallback_prices is not None else settings_prices(get_settings())
        self._price_cache: Cache[str, dict[str, PlanPrice]] = Cache(max_entries=1, ttl=3600)

    def now(self) -> datetime:
        """Stripe's clock is the real one."""
        return utcnow()

    def prices(self) -> dict[str, PlanPrice]:
        """The Pro prices as Stripe has them (read once an hour); the settings' figures
        when Stripe cannot be read, and "not offered" for an interval with no price id."""
        return self._price_cache.get_or_load("prices", self._read_prices)

    def _read_prices(self) -> dict[str, PlanPrice]:
        found: dict[str, PlanPrice] = {}
        for interval, price_id in self.prices_ids.items():
            fallback = self._fallback.get(interval, PlanPrice(interval, None, "EUR"))
            if not price_id:
                found[interval] = PlanPrice(interval, None, fallback.currency)
                continue
            try:
                price = self.client.v1.prices.retrieve(price_id).to_dict()
            except stripe.StripeError:
                log.warning("billing: Stripe price %s could not be read; showing the settings' price", price_id, exc_info=True)
                found[interval] = fallback
                continue
            found[interval] = PlanPrice(interval, price.get("unit_amount"), str(price.get("currency") or "eur").upper())
        return found

    def start_trial(self, user_id: int) -> str:
        """A Checkout Session with `trial_period_days`: Stripe collects the card and starts the trial."""
        return self._checkout(user_id, "month", trial_days=self.trial_days)

    def start_checkout(self, user_id: int, interval: str) -> str:
        """A Checkout Session for Pro (monthly or yearly); returns the URL to send the person to
        (for someone already on Pro: their Customer Portal, never a second subscription)."""
        return self._checkout(user_id, interval)

    def _checkout(self, user_id: int, interval: str, trial_days: int = 0) -> str:
        if plan_for(user_id) == "pro":
            if _customer_id(user_id) is not None:
                return self.portal_url(user_id)
            raise BillingError("You are already on Pro.")
        price = self.prices_ids.get(interval, "")
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
                "subscription_data": {"metadata": {"user_id": str(user_id)},
                                      **({"trial_period_days": trial_days} if trial_days else {})},
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
        return store_subscription(self._retrieve(subscription_id))

    def _retrieve(self, subscription_id: str) -> dict[str, Any]:
        return dict(self.client.v1.subscriptions.retrieve(subscription_id).to_dict())

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult:
        """Verify and apply one Stripe webhook delivery (the one handler in `services.billing.webhook`)."""
        return webhook.handle(payload, signature, self.webhook_secret, self._retrieve)
