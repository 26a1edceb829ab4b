"""The account page's webhook card: where my events go, which ones, and the delivery log.

Vars: `url`, `events` (the event keys sent now), `secret` (the signing secret of an
endpoint just set: shown once, cleared on reload), `rows` (`LogRow`s, newest first),
`error`, `saved`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from services import webhooks
from services.webhooks.endpoints import LogRow, log_rows
from state.auth import current_user

EVENT_LABELS: tuple[tuple[str, str], ...] = tuple(webhooks.EVENTS.items())


class WebhooksState(rx.State):
    """See the module docstring for the vars."""

    url: str = ""
    events: list[str] = []
    secret: str = ""
    rows: list[LogRow] = []
    error: str = ""

    async def _reload(self, user_id: int) -> None:
        endpoint = await asyncio.to_thread(webhooks.endpoint_of, user_id)
        self.url, self.events = (endpoint.url, list(endpoint.events)) if endpoint else ("", [])
        self.rows = await asyncio.to_thread(log_rows, user_id)

    @rx.event
    async def load(self):
        """The endpoint and the log; a secret shown before is not shown again."""
        self.secret, self.error = "", ""
        user = await current_user(self)
        if user is not None:
            await self._reload(user.id)

    @rx.event
    async def save(self, form: dict[str, Any]):
        """Send the ticked events to the address from now on (a new signing secret each time)."""
        user = await current_user(self)
        if user is None:
            return
        chosen = [key for key, _ in EVENT_LABELS if form.get(f"event-{key}") in ("on", True, "true")]
        try:
            secret = await asyncio.to_thread(webhooks.set_endpoint, user.id, str(form.get("url") or ""), chosen)
        except webhooks.WebhookError as err:
            self.error = err.message
            return
        self.error, self.secret = "", secret
        await self._reload(user.id)

    @rx.event
    async def remove(self):
        """Stop sending events (the log stays)."""
        user = await current_user(self)
        if user is None:
            return
        await asyncio.to_thread(webhooks.remove_endpoint, user.id)
        self.secret = ""
        await self._reload(user.id)

    @rx.event
    async def refresh_log(self):
        user = await current_user(self)
        if user is not None:
            self.rows = await asyncio.to_thread(log_rows, user.id)
