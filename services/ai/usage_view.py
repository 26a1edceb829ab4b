"""The dashboard's AI usage card: this month's live calls, tokens and estimated cost per task,
and which composer writes (OpenAI or the offline one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services import formatting
from services.ai.schemas import LOCAL_SOURCE
from services.ai.usage import UsageSummary, usage_this_month
from services.config import get_settings

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


@dataclass(frozen=True, slots=True)
class TaskLine:
    task: str
    calls: str
    tokens: str
    cost: str


@dataclass(frozen=True)
class AIUsageCard:
    month: str  # "2026-11"
    calls: int
    tokens: str  # "12,345"
    cost: str  # "$0.0123"
    mode_label: str  # "OpenAI gpt-4o-mini" or the offline composer
    live_mode: bool
    rows: list[TaskLine] = field(default_factory=list)
    note: str = ""  # models without a known price


def usd(value: float) -> str:
    """An estimated cost: four decimals under a dollar ("$0.0123"), cents above ("$1,234.50")."""
    return formatting.money(value, "USD", digits=4 if value < 1 else 2)


def task_label(task: str) -> str:
    return TASK_LABELS.get(task, task.replace("_", " ").capitalize())


def usage_card(summary: UsageSummary) -> AIUsageCard:
    settings = get_settings()
    live = settings.mode("openai") == "live"
    return AIUsageCard(
        month=summary.month,
        calls=summary.calls,
        tokens=formatting.number(summary.tokens_in + summary.tokens_out),
        cost=usd(summary.cost_usd),
        mode_label=f"OpenAI {settings.openai_model}" if live else LOCAL_SOURCE,
        live_mode=live,
        rows=[TaskLine(task_label(t.task), formatting.number(t.calls), formatting.number(t.tokens_in + t.tokens_out),
                       usd(t.cost_usd)) for t in summary.by_task],
        note=f"No price known for {', '.join(summary.unpriced_models)}: counted at $0." if summary.unpriced_models else "",
    )


def usage_card_of(user_id: int, now: datetime | None = None) -> AIUsageCard:
    """This month's card of one person."""
    return usage_card(usage_this_month(user_id, now))
