"""The billing page: plan, renewal, limits, invoices and the Stripe buttons.

Vars: `plan` ("free" | "pro"), `plan_title`, `source` (free | stripe | admin),
`status`, `renews_at`, `cancel_at_period_end`, `past_due`, `configured` (Stripe keys
set), `limits` rows, `invoices` rows, `error`. A verified webhook that changes the
plan is pushed here live.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services import billing
from services.billing import BillingError, payments
from services.billing.plans import PLAN_TITLES
from state.auth import current_user
from state.live import on_change


class BillingState(rx.State):
    plan: str = "free"
    plan_title: str = "Free"
    source: str = "free"
    status: str = ""
    renews_at: str = ""
    cancel_at_period_end: bool = False
    past_due: bool = False
    configured: bool = False
    limits: list[list[str]] = []
    invoices: list[dict[str, str]] = []
    error: str = ""

    def _fill(self, user_id: int) -> None:
        status = billing.billing_status(user_id)
        self.plan, self.plan_title, self.source = status.plan, PLAN_TITLES[status.plan], status.source
        self.status = status.status
        self.renews_at = status.renews_at.strftime("%d %b %Y") if status.renews_at else ""
        self.cancel_at_period_end, self.past_due = status.cancel_at_period_end, status.past_due
        self.configured = payments().configured
        self.limits = [[name, allowance] for name, allowance in billing.describe(status.plan)]
        try:
            self.invoices = [
                {"number": i.number, "date": i.created.strftime("%d %b %Y"), "amount": i.amount, "status": i.status, "url": i.url}
                for i in payments().invoices(user_id)
            ]
        except Exception:  # Stripe unreachable: the page still shows the plan
            self.invoices = []

    @rx.event
    async def load(self):
        """Show the signed-in person's plan."""
        user = await current_user(self)
        if user is not None:
            self.error = ""
            await asyncio.to_thread(self._fill, user.id)

    @rx.event
    async def checkout(self, interval: str):
        """Send the person to Stripe Checkout for Pro."""
        user = await current_user(self)
        if user is None:
            return
        try:
            url = await asyncio.to_thread(payments().start_checkout, user.id, interval)
        except BillingError as exc:
            self.error = str(exc)
            return
        return rx.redirect(url)

    @rx.event
    async def portal(self):
        """Open Stripe's Customer Portal to manage the subscription."""
        user = await current_user(self)
        if user is None:
            return
        try:
            url = await asyncio.to_thread(payments().portal_url, user.id)
        except BillingError as exc:
            self.error = str(exc)
            return
        return rx.redirect(url)


async def _refresh(state: BillingState) -> None:
    user = await current_user(state)
    if user is not None:
        await asyncio.to_thread(state._fill, user.id)


on_change("billing", BillingState, _refresh)
