"""This month's AI usage of the signed-in person, for the dashboard card.

Vars: `month` ("2026-11"), `calls`, `tokens` (in + out, formatted), `cost`
("$0.0123"), `rows` (`TaskLine`s: task, calls, tokens, cost), `mode_label` (which
composer writes: "OpenAI gpt-4o-mini" or the offline composer), `live_mode`,
`note` (models without a known price). A new live call is pushed here as it happens.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.ai.schemas import LOCAL_SOURCE
from services.ai.usage import USAGE_TOPIC
from services.ai.usage_view import AIUsageCard, TaskLine, usage_card_of
from state.auth import current_user
from state.live import on_change


class AIUsageState(rx.State):
    """The AI usage card; see the module docstring."""

    month: str = ""
    calls: int = 0
    tokens: str = "0"
    cost: str = "$0.0000"
    rows: list[TaskLine] = []
    mode_label: str = LOCAL_SOURCE
    live_mode: bool = False
    note: str = ""
    _user_id: int | None = None

    def _show(self, card: AIUsageCard) -> None:
        self.month, self.calls, self.tokens, self.cost = card.month, card.calls, card.tokens, card.cost
        self.rows, self.mode_label, self.live_mode, self.note = card.rows, card.mode_label, card.live_mode, card.note

    async def _reload(self) -> None:
        if self._user_id is not None:
            self._show(await asyncio.to_thread(usage_card_of, self._user_id))

    @rx.event
    async def load(self):
        """Fill the card for the signed-in person (nothing for a visitor)."""
        user = await current_user(self)
        if user is None:
            self._user_id, self.rows, self.calls = None, [], 0
            return
        self._user_id = user.id
        await self._reload()


on_change(USAGE_TOPIC, AIUsageState, lambda state: state._reload())
