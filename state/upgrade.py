"""The limit message: any page whose action hits a plan limit opens it.

Vars: `open`, `feature` (the limit's key), `message` (the limit in words),
`pro_gives` (what Pro gives for it), `price` ("€9.00 a month or €90.00 a year"),
`action` (checkout | portal | none), `action_label` (the one button), `test_mode`.
A state that catches `services.billing.UpgradeRequired` returns
`UpgradeState.show(err.feature, err.message)`.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.billing import payments
from services.billing.pricing import upgrade_offer
from state.auth import current_user
from state.billing import go_to_payments


class UpgradeState(rx.State):
    open: bool = False
    feature: str = ""
    message: str = ""
    pro_gives: str = ""
    price: str = ""
    action: str = "checkout"
    action_label: str = ""
    test_mode: bool = False
    error: str = ""

    @rx.event
    async def show(self, feature: str, message: str):
        """Open the message naming the limit reached, what Pro gives and its price."""
        user = await current_user(self)
        offer = await asyncio.to_thread(upgrade_offer, user.id if user else None, str(feature))
        self.feature, self.message, self.error = str(feature), str(message), ""
        self.pro_gives, self.price, self.action = offer.pro_gives, offer.price, offer.action
        self.action_label, self.test_mode, self.open = offer.action_label, offer.test_mode, True

    @rx.event
    def set_open(self, value: bool):
        self.open = value

    @rx.event
    async def upgrade(self):
        """The one button: checkout (monthly, or the interval that has a price), or the
        portal for someone already on Pro — never a second checkout."""
        def start(user_id: int) -> str:
            gateway = payments(user_id)
            if self_action == "portal":
                return gateway.portal_url(user_id)
            prices = gateway.prices()
            interval = "month" if prices["month"].offered else "year"
            return gateway.start_checkout(user_id, interval)

        self_action = self.action
        effect, self.error = await go_to_payments(self, start)
        if effect is not None:
            self.open = False
        return effect

    @rx.event
    def go_to_pricing(self):
        self.open = False
        return rx.redirect("/pricing")
