"""Today's quota use and media storage of the signed-in person, for the account page.

Vars: `rows` (`QuotaLine`s: label, used, limit, percent), `storage_text`
("12.3 MB of 100 MB"), `storage_percent`, `resets_at` ("00:00 UTC (in 5 hr 12 min)"),
`expires_note` (when an idle demo account is removed). AI usage recorded
anywhere is pushed here live.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.ai.usage import USAGE_TOPIC
from services.hosting.usage_card import QuotaLine, usage_card
from state.auth import current_user
from state.live import on_change


class UsageState(rx.State):
    """See the module docstring for the vars."""

    rows: list[QuotaLine] = []
    storage_text: str = ""
    storage_percent: int = 0
    resets_at: str = ""
    expires_note: str = ""

    async def _reload(self) -> None:
        user = await current_user(self)
        if user is None:
            return
        card = await asyncio.to_thread(usage_card, user.id, user.is_demo)
        self.rows, self.storage_text, self.storage_percent = card.rows, card.storage_text, card.storage_percent
        self.resets_at, self.expires_note = card.resets_at, card.expires_note

    @rx.event
    async def load(self):
        """Fill the card for the signed-in person."""
        await self._reload()


on_change(USAGE_TOPIC, UsageState, lambda state: state._reload())
