"""The billing page: plan, renewal, limits, invoices and the Stripe buttons.

Vars: `plan` ("free" | "pro"), `plan_title`, `source` (free | stripe | admin),
`status`, `renews_at`, `cancel_at_period_end`, `past_due`, `configured` (Stripe
keys set), `limits` (`LimitLine`s), `invoices` (`InvoiceLine`s), `error`. A
verified webhook that changes the plan is pushed here live.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from services.billing import BillingError, payments
from services.billing.page import BillingPage, InvoiceLine, LimitLine, billing_page
from state.auth import current_user
from state.live import on_change


class BillingState(rx.State):
    """See the module docstring for the vars."""

    plan: str = "free"
    plan_title: str = "Free"
    source: str = "free"
    status: str = ""
    renews_at: str = ""
    cancel_at_period_end: bool = False
    past_due: bool = False
    configured: bool = False
    limits: list[LimitLine] = []
    invoices: list[InvoiceLine] = []
    error: str = ""

    def _show(self, page: BillingPage) -> None:
        self.plan, self.plan_title, self.source, self.status = page.plan, page.plan_title, page.source, page.status
        self.renews_at, self.cancel_at_period_end, self.past_due = page.renews_at, page.cancel_at_period_end, page.past_due
        self.configured, self.limits, self.invoices = page.configured, page.limits, page.invoices

    async def _reload(self) -> None:
        user = await current_user(self)
        if user is not None:
            self._show(await asyncio.to_thread(billing_page, user.id))

    @rx.event
    async def load(self):
        """Show the signed-in person's plan."""
        self.error = ""
        await self._reload()

    async def _go_to_stripe(self, start: Callable[[int], str]) -> Any:
        """Send the person to the Stripe page `start(user_id)` opens (or show why not)."""
        user = await current_user(self)
        if user is None:
            return None
        try:
            url = await asyncio.to_thread(start, user.id)
        except BillingError as exc:
            self.error = str(exc)
            return None
        return rx.redirect(url)

    @rx.event
    async def checkout(self, interval: str):
        """Send the person to Stripe Checkout for Pro."""
        return await self._go_to_stripe(lambda user_id: payments().start_checkout(user_id, interval))

    @rx.event
    async def portal(self):
        """Open Stripe's Customer Portal to manage the subscription."""
        return await self._go_to_stripe(lambda user_id: payments().portal_url(user_id))


on_change("billing", BillingState, lambda state: state._reload())
