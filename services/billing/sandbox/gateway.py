"""The built-in test-mode payment gateway: the offline default of `payments()`.

Real working code, labelled "test mode — no money moves": an app-served checkout page
(`/billing/checkout/<session>`) that takes Stripe's test card numbers, a customer
portal (`/billing/portal`), invoices, a trial, and a test clock operators move ahead.
Whatever changes on the provider's side becomes Stripe-shaped events, signed with this
instance's test webhook secret and delivered to the one webhook handler
(`services.billing.webhook.handle`) — the same path Stripe's deliveries take — so the
plan is derived one way for both adapters.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from services.billing import webhook
from services.billing.entitlements import plan_for
from services.billing.gateway import BillingError, InvoiceRow, WebhookResult
from services.billing.prices import PlanPrice, settings_prices
from services.billing.sandbox import account, checkout, clock, objects, renewals
from services.billing.sandbox.account import PortalView
from services.billing.sandbox.cards import Card
from services.billing.sandbox.checkout import CheckoutView, Events
from services.billing.sandbox.models import SandboxSubscription
from services.config import get_settings
from services.db import session_scope
from services import formatting

log = logging.getLogger(__name__)

PORTAL_URL = "/billing/portal"


class SandboxGateway:
    """See the module docstring."""

    name = "test"
    label = "Test mode — no money moves"
    configured = True
    test_mode = True

    def __init__(self, secret_key: str, trial_days: int = 7) -> None:
        self.webhook_secret = objects.webhook_secret(secret_key)
        self.trial_days = trial_days

    # --- the PaymentGateway interface -------------------------------------------------
    def now(self) -> datetime:
        return clock.now()

    def prices(self) -> dict[str, PlanPrice]:
        return settings_prices(get_settings())

    def _price(self, interval: str) -> PlanPrice:
        price = self.prices().get(interval)
        if price is None or not price.offered:
            raise BillingError(f"The {interval}ly Pro plan has no price on this instance, so it cannot be bought. "
                               "Choose another interval, or ask the operator to set one.")
        return price

    def start_checkout(self, user_id: int, interval: str) -> str:
        """A test checkout page for Pro (someone on Pro already gets their portal)."""
        if plan_for(user_id) == "pro":
            return self.portal_url(user_id)
        self._price(interval)
        return f"/billing/checkout/{checkout.open_checkout(user_id, interval, self.now())}"

    def start_trial(self, user_id: int) -> str:
        """Start the trial at once (no card needed; it ends by itself unless a card is added)."""
        price = self._price("month") if self.prices()["month"].offered else self._price("year")
        self._deliver(checkout.trial(user_id, self.trial_days, price, self.now()))
        return "/billing?trial=started"

    def portal_url(self, user_id: int) -> str:
        if webhook.customer_of(user_id) is None:
            raise BillingError("There is no billing account yet: subscribe to Pro first.")
        return PORTAL_URL

    def invoices(self, user_id: int, limit: int = 12) -> list[InvoiceRow]:
        return [InvoiceRow(number=i.number, created=i.created,
                           amount=formatting.money(i.amount_cents / 100, i.currency), status=i.status, url="")
                for i in account.invoices(user_id, limit)]

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult:
        """Verify and apply one test-mode event (the one handler Stripe's events go through)."""
        return webhook.handle(payload, signature, self.webhook_secret, self._retrieve)

    # --- the checkout page ------------------------------------------------------------
    def checkout_view(self, user_id: int, session_id: str) -> CheckoutView:
        return checkout.view(user_id, session_id, self.now())

    def pay(self, user_id: int, session_id: str, card: Card) -> str:
        """"complete" or "requires_action"; a decline raises `BillingError` and changes nothing."""
        session = checkout.view(user_id, session_id, self.now())
        outcome, events = checkout.pay(user_id, session_id, card, self._price(session.interval), self.now())
        self._deliver(events)
        return outcome

    def confirm(self, user_id: int, session_id: str, approve: bool) -> str:
        session = checkout.view(user_id, session_id, self.now())
        outcome, events = checkout.confirm(user_id, session_id, approve, self._price(session.interval), self.now())
        self._deliver(events)
        return outcome

    # --- the portal page --------------------------------------------------------------
    def portal_view(self, user_id: int) -> PortalView:
        return account.view(user_id)

    def change_plan(self, user_id: int, interval: str) -> None:
        self._deliver(account.change_plan(user_id, self._price(interval)))

    def cancel(self, user_id: int) -> None:
        self._deliver(account.cancel(user_id))

    def resume(self, user_id: int) -> None:
        self._deliver(account.resume(user_id))

    def update_card(self, user_id: int, card: Card) -> str:
        message, events = account.update_card(user_id, card, self.now())
        self._deliver(events)
        return message

    # --- the test clock ---------------------------------------------------------------
    def advance(self, by: timedelta) -> tuple[datetime, Counter[str]]:
        """Move the test clock ahead and apply what fell due (renewals, failures, ends)."""
        moved_to = clock.move_ahead(by)
        return moved_to, self.run_due()

    def run_due(self) -> Counter[str]:
        happened, events = renewals.run_due(self.now())
        self._deliver(events)
        return happened

    # --- delivery ---------------------------------------------------------------------
    def _retrieve(self, subscription_id: str) -> dict[str, object]:
        with session_scope() as db:
            row = db.get(SandboxSubscription, subscription_id)
            if row is None:
                return {"id": subscription_id, "object": "subscription", "customer": "", "status": "incomplete"}
            return objects.subscription(row)

    def _deliver(self, events: Events) -> None:
        """Sign each event and hand it to the webhook handler, in order, as Stripe would post them."""
        for event_type, obj in events:
            body = objects.event(event_type, obj)
            result = self.handle_webhook(body, objects.sign(body, self.webhook_secret))
            if result.status_code != 200:
                log.error("billing: the test gateway's own %s event was refused: %s", event_type, result.message)
