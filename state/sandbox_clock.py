"""The test clock on the System panel (operators, test-mode payments only).

Vars: `shown` (test mode and an operator), `now` (the test clock's time), `ahead`
(how far it is ahead of real time), `last` (what the last move did). Moving it runs
what fell due — renewals, failed payments, period ends, trial reminders — through
the same paths as real time passing; every move is audited.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import reflex as rx

from services.billing.clock_control import STEPS, ClockView, advance_clock, clock_view
from state.auth import current_user


class SandboxClockState(rx.State):
    shown: bool = False
    now: str = ""
    ahead: str = ""
    last: str = ""

    def _show(self, view: ClockView) -> None:
        self.shown, self.now, self.ahead = view.shown, view.now, view.ahead

    @rx.event
    async def load(self):
        user = await current_user(self)
        self._show(await asyncio.to_thread(clock_view, user))

    @rx.event
    async def advance(self, step: str):
        """Move the test clock ahead by one of `STEPS` ("1 day", "7 days", "1 month")."""
        user = await current_user(self)
        days = STEPS.get(str(step))
        if days is None:
            return rx.toast.error("Unknown step.")
        try:
            self.last = await asyncio.to_thread(advance_clock, user, timedelta(days=days))
        except PermissionError as exc:
            return rx.toast.error(str(exc))
        self._show(await asyncio.to_thread(clock_view, user))
        return None
