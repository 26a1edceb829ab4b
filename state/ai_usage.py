"""This month's AI usage of the signed-in person, for the dashboard card.

Vars: `month` ("2026-11"), `calls`, `tokens` (in + out, formatted), `cost`
("$0.0123"), `rows` (one dict per task: task, calls, tokens, cost), `mode_label`
(which composer writes: "OpenAI gpt-4o-mini" or "offline composer"), `live_mode`,
`note` (models without a known price). A new live call is pushed here as it happens.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.ai.schemas import LOCAL_SOURCE
from services.ai.usage import USAGE_TOPIC, UsageSummary, usage_this_month
from services.config import get_settings
from state.auth import current_user
from state.live import on_change

TASK_LABELS = {
    "world_definition": "World definitions",
    "lyrics": "Lyrics",
    "refine_lyrics": "Lyric rewrites",
    "release_copy": "Release copy",
    "content_pack": "Content packs",
    "video_idea": "Video ideas",
    "event_blurb": "Event blurbs",
    "embed": "Embeddings",
}


def _usd(value: float) -> str:
    return f"${value:.4f}" if value < 1 else f"${value:,.2f}"


class AIUsageState(rx.State):
    """The AI usage card; see the module docstring."""

    month: str = ""
    calls: int = 0
    tokens: str = "0"
    cost: str = "$0.0000"
    rows: list[dict[str, str]] = []
    mode_label: str = LOCAL_SOURCE
    live_mode: bool = False
    note: str = ""
    _user_id: int | None = None

    def _show(self, summary: UsageSummary) -> None:
        settings = get_settings()
        self.live_mode = settings.mode("openai") == "live"
        self.mode_label = f"OpenAI {settings.openai_model}" if self.live_mode else LOCAL_SOURCE
        self.month = summary.month
        self.calls = summary.calls
        self.tokens = f"{summary.tokens_in + summary.tokens_out:,}"
        self.cost = _usd(summary.cost_usd)
        self.rows = [
            {
                "task": TASK_LABELS.get(t.task, t.task.replace("_", " ").capitalize()),
                "calls": str(t.calls),
                "tokens": f"{t.tokens_in + t.tokens_out:,}",
                "cost": _usd(t.cost_usd),
            }
            for t in summary.by_task
        ]
        self.note = (
            f"No price known for {', '.join(summary.unpriced_models)}: counted at $0." if summary.unpriced_models else ""
        )

    async def _reload(self) -> None:
        if self._user_id is not None:
            self._show(await asyncio.to_thread(usage_this_month, self._user_id))

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
