"""The pricing page (`/pricing`, open to visitors): Free and Pro side by side.

Vars: `who` (visitor | free | pro), `now_text` (what the person has right now),
`monthly`, `yearly` (prices in words), `monthly_offered`, `yearly_offered`,
`trial_days`, `trial_available`, `test_mode`, `gateway_label`, `rows` (`PlanRow`s),
`notice` (a checkout closed without paying), `error`. Buttons go to checkout, the trial, or the portal for someone on Pro.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.billing import payments
from services.billing.pricing import PlanRow, Pricing, pricing
from services.billing.trials import start_trial
from state.auth import current_user
from state.billing import go_to_payments
from state.live import on_change


class PricingState(rx.State):
    """See the module docstring for the vars."""

    who: str = "visitor"
    now_text: str = ""
    monthly: str = ""
    yearly: str = ""
    monthly_offered: bool = False
    yearly_offered: bool = False
    trial_days: int = 7
    trial_available: bool = False
    test_mode: bool = False
    gateway_label: str = ""
    rows: list[PlanRow] = []
    notice: str = ""
    error: str = ""

    def _show(self, page: Pricing) -> None:
        self.who, self.now_text, self.monthly, self.yearly = page.who, page.now_text, page.monthly, page.yearly
        self.monthly_offered, self.yearly_offered = page.monthly_offered, page.yearly_offered
        self.trial_days, self.trial_available, self.rows = page.trial_days, page.trial_available, page.rows
        self.test_mode, self.gateway_label = page.test_mode, page.gateway_label

    async def _reload(self) -> None:
        user = await current_user(self)
        self._show(await asyncio.to_thread(pricing, user.id if user else None))

    @rx.event
    async def load(self):
        """Fill the comparison for this visitor or person."""
        self.error = ""
        closed = self.router.url.query_parameters.get("checkout", "") == "cancel"
        self.notice = "Checkout closed: nothing was charged." if closed else ""
        await self._reload()

    @rx.event
    async def checkout(self, interval: str):
        """Upgrade at `interval` (visitors sign up first; Pro people get their portal)."""
        effect, self.error = await go_to_payments(self, lambda uid: payments(uid).start_checkout(uid, str(interval)))
        return effect

    @rx.event
    async def trial(self):
        effect, self.error = await go_to_payments(self, start_trial)
        return effect

    @rx.event
    async def portal(self):
        effect, self.error = await go_to_payments(self, lambda uid: payments(uid).portal_url(uid))
        return effect


on_change("billing", PricingState, lambda state: state._reload())
