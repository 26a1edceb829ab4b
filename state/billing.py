"""The billing page: plan, renewal, limits, invoices, the trial, checkout and the portal.

Vars: `plan` ("free" | "pro"), `plan_title`, `source` (free | stripe | admin),
`status`, `renews_at`, `cancel_at_period_end`, `past_due`, `configured`, `test_mode`
and `gateway_label` (the built-in test gateway: "Test mode — no money moves"),
`trialing`, `trial_available`, `limits` (`LimitLine`s), `invoices` (`InvoiceLine`s),
`notice` (after a checkout or a trial started), `error`. A verified webhook that
changes the plan (Stripe's or the test gateway's) is pushed here live.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from services.billing import BillingError, payments
from services.billing.page import BillingPage, InvoiceLine, LimitLine, billing_page
from services.billing.trials import start_trial
from state.auth import current_user
from state.live import on_change

NOTICES = {
    "success": "Payment received: welcome to Pro.",
    "cancel": "Checkout closed: nothing was charged.",
    "started": "Your Pro trial has started.",
}


async def go_to_payments(state: rx.State, start: Callable[[int], str]) -> tuple[Any, str]:
    """Send the signed-in person to the page `start(user_id)` returns (checkout, portal or
    trial); (effect, "") or (None, why not). A visitor is sent to sign up first."""
    user = await current_user(state)
    if user is None:
        return rx.redirect("/signup?next=/pricing"), ""
    try:
        url = await asyncio.to_thread(start, user.id)
    except BillingError as exc:
        return None, str(exc)
    return rx.redirect(url), ""


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
    test_mode: bool = False
    gateway_label: str = ""
    trialing: bool = False
    trial_available: bool = False
    limits: list[LimitLine] = []
    invoices: list[InvoiceLine] = []
    notice: str = ""
    error: str = ""

    def _show(self, page: BillingPage) -> None:
        self.plan, self.plan_title, self.source, self.status = page.plan, page.plan_title, page.source, page.status
        self.renews_at, self.cancel_at_period_end, self.past_due = page.renews_at, page.cancel_at_period_end, page.past_due
        self.configured, self.limits, self.invoices = page.configured, page.limits, page.invoices
        self.test_mode, self.gateway_label = page.test_mode, page.gateway_label
        self.trialing, self.trial_available = page.trialing, page.trial_available

    async def _reload(self) -> None:
        user = await current_user(self)
        if user is not None:
            self._show(await asyncio.to_thread(billing_page, user.id))

    @rx.event
    async def load(self):
        """Show the signed-in person's plan (and what a checkout or trial just did)."""
        self.error = ""
        query = self.router.url.query_parameters
        self.notice = NOTICES.get(query.get("checkout", "") or query.get("trial", ""), "")
        await self._reload()

    async def _go(self, start: Callable[[int], str]) -> Any:
        effect, self.error = await go_to_payments(self, start)
        return effect

    @rx.event
    async def checkout(self, interval: str):
        """Checkout for Pro (the test checkout page, or Stripe Checkout when live)."""
        return await self._go(lambda user_id: payments(user_id).start_checkout(user_id, str(interval)))

    @rx.event
    async def portal(self):
        """The customer portal: change plan, cancel or resume, update the card."""
        return await self._go(lambda user_id: payments(user_id).portal_url(user_id))

    @rx.event
    async def trial(self):
        """Start the account's one Pro trial."""
        return await self._go(start_trial)


on_change("billing", BillingState, lambda state: state._reload())
