"""The test-mode checkout and portal pages ("test mode — no money moves").

`SandboxCheckoutState` (`/billing/checkout/<session>`): `session_id`, `status` (open |
requires_action | complete | expired | missing), `interval`, `price`, `pending_last4`
(the card waiting for the 3-D Secure step), `test_cards` (number, what it does),
`error`, `error_field` (the card field at fault), `busy`.

`SandboxPortalState` (`/billing/portal`): `has_subscription`, `status`, `interval`,
`period_end`, `cancel_at_period_end`, `trial`, `card`, `card_fails`, `other_interval`,
`other_price`, `invoices`, `message`, `error`, `error_field`.

Both read the person from the session, never from an event argument; the session id in
the URL is checked against its owner by the gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from services import formatting
from services.billing import BillingError, sandbox_gateway
from services.billing.page import InvoiceLine
from services.billing.sandbox.cards import TEST_CARDS, CardError, check_card
from state.auth import current_user

FIELDS = {"number": "card_number", "MM/YY": "card_expiry", "past": "card_expiry", "CVC": "card_cvc"}


def _field_of(message: str) -> str:
    return next((name for key, name in FIELDS.items() if key in message), "card_number")


class SandboxCheckoutState(rx.State):
    """See the module docstring."""

    session_id: str = ""
    status: str = "open"
    interval: str = ""
    price: str = ""
    pending_last4: str = ""
    test_cards: list[list[str]] = [[number, what] for number, what in TEST_CARDS]
    error: str = ""
    error_field: str = ""
    busy: bool = False

    async def _refresh(self, user_id: int) -> None:
        gw = sandbox_gateway(user_id)
        view = await asyncio.to_thread(gw.checkout_view, user_id, self.session_id)
        self.status, self.interval, self.pending_last4 = view.status, view.interval, view.pending_last4
        self.price = gw.prices()[view.interval].text

    @rx.event
    async def load(self):
        """Show the session named in the URL (only to its owner)."""
        self.session_id = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1][:60]
        self.error = self.error_field = ""
        user = await current_user(self)
        if user is None:
            return
        try:
            await self._refresh(user.id)
        except BillingError as exc:
            self.status, self.error = "missing", str(exc)

    async def _act(self, action: Callable[[int], str]) -> Any:
        user = await current_user(self)
        if user is None:
            return rx.redirect("/login?next=/pricing")
        self.busy = True
        try:
            outcome = await asyncio.to_thread(action, user.id)
        except CardError as exc:
            self.error, self.error_field = str(exc), _field_of(str(exc))
            return None
        except BillingError as exc:
            self.error, self.error_field = str(exc), ""
            await self._refresh(user.id)
            return None
        finally:
            self.busy = False
        self.error = self.error_field = ""
        if outcome == "complete":
            return rx.redirect("/billing?checkout=success")
        await self._refresh(user.id)
        return None

    @rx.event
    async def pay(self, form: dict[str, Any]):
        """Pay with the typed test card: success, a decline, or the 3-D Secure step."""
        def pay(user_id: int) -> str:
            gw = sandbox_gateway(user_id)
            card = check_card(str(form.get("card_number", "")), str(form.get("card_expiry", "")),
                              str(form.get("card_cvc", "")), gw.now())
            return gw.pay(user_id, self_session, card)

        self_session = self.session_id
        return await self._act(pay)

    @rx.event
    async def confirm(self, approve: bool):
        """The 3-D Secure step: complete or fail the authentication."""
        session = self.session_id
        return await self._act(lambda uid: sandbox_gateway(uid).confirm(uid, session, bool(approve)))


class SandboxPortalState(rx.State):
    """See the module docstring."""

    has_subscription: bool = False
    status: str = ""
    interval: str = ""
    period_end: str = ""
    cancel_at_period_end: bool = False
    trial: bool = False
    card: str = ""
    card_fails: bool = False
    other_interval: str = ""
    other_price: str = ""
    invoices: list[InvoiceLine] = []
    message: str = ""
    error: str = ""
    error_field: str = ""

    async def _reload(self, user_id: int) -> None:
        gw = sandbox_gateway(user_id)
        view = await asyncio.to_thread(gw.portal_view, user_id)
        self.has_subscription, self.status, self.interval = view.has_subscription, view.status, view.interval
        self.period_end = formatting.date(view.period_end) if view.period_end else ""
        self.cancel_at_period_end, self.trial = view.cancel_at_period_end, view.trial
        self.card, self.card_fails = view.card_last4, view.card_fails
        self.other_interval = "year" if view.interval == "month" else "month"
        other = gw.prices().get(self.other_interval)
        self.other_price = other.text if other and other.offered else ""
        rows = await asyncio.to_thread(gw.invoices, user_id)
        self.invoices = [InvoiceLine(i.number, formatting.date(i.created), i.amount, i.status, i.url) for i in rows]

    @rx.event
    async def load(self):
        self.message = self.error = self.error_field = ""
        user = await current_user(self)
        if user is None:
            return
        try:
            await self._reload(user.id)
        except BillingError as exc:
            self.error = str(exc)

    async def _act(self, action: Callable[[int], str | None], done: str) -> None:
        user = await current_user(self)
        if user is None:
            return
        try:
            said = await asyncio.to_thread(action, user.id)
        except CardError as exc:
            self.error, self.error_field, self.message = str(exc), _field_of(str(exc)), ""
            return
        except BillingError as exc:
            self.error, self.error_field, self.message = str(exc), "", ""
            return
        self.error, self.error_field, self.message = "", "", said or done
        await self._reload(user.id)

    @rx.event
    async def cancel(self):
        """Cancel at the end of the period (Pro stays until then)."""
        await self._act(lambda uid: sandbox_gateway(uid).cancel(uid), "Cancelled: Pro stays until the end of the period.")

    @rx.event
    async def resume(self):
        await self._act(lambda uid: sandbox_gateway(uid).resume(uid), "Resumed: your plan renews.")

    @rx.event
    async def change_plan(self):
        interval = self.other_interval
        await self._act(lambda uid: sandbox_gateway(uid).change_plan(uid, interval),
                        f"Switched to the {interval}ly plan from the next renewal.")

    @rx.event
    async def update_card(self, form: dict[str, Any]):
        """Put a test card on file (an unpaid renewal is retried with it at once)."""
        def update(uid: int) -> str:
            gw = sandbox_gateway(uid)
            card = check_card(str(form.get("card_number", "")), str(form.get("card_expiry", "")),
                              str(form.get("card_cvc", "")), gw.now())
            return gw.update_card(uid, card)

        await self._act(update, "Card saved.")
