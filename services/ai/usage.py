"""What live AI calls cost: a small price table, a record per call, a monthly summary.

Prices are USD per million tokens as published by OpenAI, or per unit (minute of
audio, character, image) for models billed that way; a model missing from both
tables is recorded with its tokens and a cost of 0 (shown as "unpriced").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TypeVar

from sqlalchemy import func
from sqlmodel import col, select

from services import live, quotas
from services.ai.models import AIUsage
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

USAGE_TOPIC = "ai_usage"
T = TypeVar("T")

# model -> (USD per 1M input tokens, USD per 1M output tokens)
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "text-embedding-3-small": (0.02, 0.0),
    "text-embedding-3-large": (0.13, 0.0),
    "gpt-image-1": (5.00, 40.00),  # text in, image out
    "gpt-image-1-mini": (2.00, 8.00),
}
# model -> (USD per unit, unit): what audio and older image models bill when no tokens are reported
UNIT_PRICES: dict[str, tuple[float, str]] = {
    "whisper-1": (0.006, "minute"),
    "gpt-4o-transcribe": (0.006, "minute"),
    "gpt-4o-mini-transcribe": (0.003, "minute"),
    "gpt-4o-mini-tts": (0.015, "minute"),
    "tts-1": (15.0 / 1_000_000, "character"),
    "tts-1-hd": (30.0 / 1_000_000, "character"),
    "dall-e-3": (0.04, "image"),
    "dall-e-2": (0.02, "image"),
}


def _lookup(table: dict[str, T], model: str) -> T | None:
    """`table[model]`, matching dated snapshots (`gpt-4o-mini-2024-07-18`) by prefix."""
    if model in table:
        return table[model]
    for name in sorted(table, key=len, reverse=True):
        if model.startswith(name + "-"):
            return table[name]
    return None


def price_for(model: str) -> tuple[float, float] | None:
    """Token prices of `model` (USD per million in, out)."""
    return _lookup(PRICES_PER_MILLION, model)


def unit_price_for(model: str) -> tuple[float, str] | None:
    """(USD per unit, unit) of a model billed per minute, character or image."""
    return _lookup(UNIT_PRICES, model)


def billed_units(model: str, *, seconds: float = 0.0, characters: int = 0, images: int = 0) -> float:
    """How many of its billing units a call of `model` used (0 for a token-priced model)."""
    unit = unit_price_for(model)
    if unit is None:
        return 0.0
    return {"minute": seconds / 60, "character": float(characters), "image": float(images)}.get(unit[1], 0.0)


def estimate_cost(model: str, tokens_in: int, tokens_out: int = 0, units: float = 0.0) -> float:
    """Estimated USD for one call: its tokens, else its units (minutes, characters,
    images); 0.0 for a model without a known price."""
    price = price_for(model)
    if price is not None and (tokens_in or tokens_out):
        return (tokens_in * price[0] + tokens_out * price[1]) / 1_000_000
    unit = unit_price_for(model)
    if unit is not None:
        return units * unit[0]
    return 0.0


def record_usage(
    task: str, model: str, tokens_in: int, tokens_out: int = 0, user_id: int | None = None, *,
    units: float = 0.0, media: bool = False,
) -> None:
    """Store one live call (`units`: minutes, characters or images for models billed
    that way). A text call's tokens count against the `ai_tokens` quota; a `media` call
    (image, speech, transcription) was counted against `ai_media` before it was made.
    Never raises: losing a usage row must not lose the answer."""
    try:
        with session_scope() as db:
            if not media:  # the tokens are spent: count them against the daily quotas, never refuse
                quotas.charge(db, user_id, "ai_tokens", tokens_in + tokens_out, force=True)
            db.add(
                AIUsage(
                    user_id=user_id,
                    task=task,
                    model=model,
                    tokens_in=tokens_in,
                    tokens_out=tokens_out,
                    cost_usd=estimate_cost(model, tokens_in, tokens_out, units),
                )
            )
    except Exception:
        log.exception("could not record AI usage for task %s", task)
        return
    if user_id is not None:  # the dashboard's usage card updates live
        live.publish_soon(live.Change(USAGE_TOPIC, user_id=user_id))


@dataclass(frozen=True)
class TaskUsage:
    task: str
    calls: int
    tokens_in: int
    tokens_out: int
    cost_usd: float


@dataclass(frozen=True)
class UsageSummary:
    """One user's live AI usage in one calendar month (UTC)."""

    month: str  # "2026-11"
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    by_task: list[TaskUsage] = field(default_factory=list)
    unpriced_models: list[str] = field(default_factory=list)


def month_start(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    return datetime(now.year, now.month, 1, tzinfo=timezone.utc)


def usage_this_month(user_id: int | None, now: datetime | None = None) -> UsageSummary:
    """Totals and per-task rows of `user_id`'s live calls since the 1st of this month."""
    start = month_start(now)
    with session_scope() as db:
        rows = db.exec(
            select(
                AIUsage.task,
                AIUsage.model,
                func.count(),
                func.sum(AIUsage.tokens_in),
                func.sum(AIUsage.tokens_out),
                func.sum(AIUsage.cost_usd),
            )
            .where(AIUsage.user_id == user_id if user_id is not None else col(AIUsage.user_id).is_(None))
            .where(AIUsage.at >= start)
            .group_by(AIUsage.task, AIUsage.model)
        ).all()
    tasks: dict[str, list[float]] = {}
    unpriced: set[str] = set()
    for task, model, calls, t_in, t_out, cost in rows:
        acc = tasks.setdefault(task, [0, 0, 0, 0.0])
        acc[0] += calls
        acc[1] += t_in or 0
        acc[2] += t_out or 0
        acc[3] += cost or 0.0
        if price_for(model) is None and unit_price_for(model) is None:
            unpriced.add(model)
    by_task = sorted(
        (TaskUsage(t, int(a[0]), int(a[1]), int(a[2]), float(a[3])) for t, a in tasks.items()),
        key=lambda u: (-u.cost_usd, -u.calls, u.task),
    )
    return UsageSummary(
        month=start.strftime("%Y-%m"),
        calls=sum(u.calls for u in by_task),
        tokens_in=sum(u.tokens_in for u in by_task),
        tokens_out=sum(u.tokens_out for u in by_task),
        cost_usd=sum(u.cost_usd for u in by_task),
        by_task=by_task,
        unpriced_models=sorted(unpriced),
    )


def quota_left(user_id: int | None) -> str | None:
    """None when a live AI call may go ahead; else the quota message (the caller
    falls back to the offline model, which costs nothing)."""
    try:
        with session_scope() as db:
            quotas.check(db, user_id, "ai_tokens")
    except quotas.QuotaExceeded as exc:
        return exc.message
    return None
