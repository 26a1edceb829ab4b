"""What live AI calls cost, as the dashboard shows it: per user, this month only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.accounts.models import User
from services.ai.models import AIUsage
from services.ai.usage import estimate_cost, month_start, record_usage, usage_this_month
from services.db import session_scope, utcnow

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]


def make_user(email: str) -> int:
    with session_scope() as db:
        user = User(email=email, display_name=email.split("@")[0], password_hash="x")
        db.add(user)
        db.flush()
        return user.id  # type: ignore[return-value]


def test_costs_follow_the_price_table_and_dated_snapshots() -> None:
    assert estimate_cost("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)
    assert estimate_cost("gpt-4o-mini-2024-07-18", 2000, 500) == pytest.approx(0.0006)
    assert estimate_cost("text-embedding-3-small", 500_000) == pytest.approx(0.01)
    assert estimate_cost("my-local-llama", 10_000, 10_000) == 0.0


def test_month_summary_counts_only_this_users_calls_this_month() -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    record_usage("world_definition", "gpt-4o-mini", 1200, 400, ana)
    record_usage("lyrics", "gpt-4o-mini", 800, 600, ana)
    record_usage("lyrics", "gpt-4o-mini", 900, 500, ana)
    record_usage("embed", "text-embedding-3-small", 30_000, 0, ana)
    record_usage("lyrics", "gpt-4o-mini", 5000, 5000, bo)
    with session_scope() as db:  # last month's call does not count
        db.add(AIUsage(user_id=ana, task="lyrics", model="gpt-4o-mini", tokens_in=9999, tokens_out=9999,
                       cost_usd=1.0, at=month_start() - timedelta(seconds=1)))
    summary = usage_this_month(ana)
    assert summary.month == utcnow().strftime("%Y-%m")
    assert summary.calls == 4 and summary.tokens_in == 1200 + 800 + 900 + 30_000 and summary.tokens_out == 1500
    expected = estimate_cost("gpt-4o-mini", 2900, 1500) + estimate_cost("text-embedding-3-small", 30_000)
    assert summary.cost_usd == pytest.approx(expected)
    lyrics = next(t for t in summary.by_task if t.task == "lyrics")
    assert lyrics.calls == 2 and lyrics.tokens_out == 1100
    assert summary.by_task[0].cost_usd >= summary.by_task[-1].cost_usd
    assert usage_this_month(bo).calls == 1


def test_unpriced_models_are_named_and_a_new_user_has_nothing() -> None:
    cy = make_user("cy@example.com")
    assert usage_this_month(cy).calls == 0 and usage_this_month(cy).cost_usd == 0
    record_usage("lyrics", "my-local-llama", 100, 100, cy)
    summary = usage_this_month(cy)
    assert summary.calls == 1 and summary.unpriced_models == ["my-local-llama"]


async def test_a_recorded_call_is_announced_to_the_users_open_pages() -> None:
    import asyncio

    from services import live
    from services.ai.usage import USAGE_TOPIC

    ana = make_user("ana@example.com")
    seen: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        seen.append(change)

    live.subscribe(USAGE_TOPIC, listener)
    live.bind_loop(asyncio.get_running_loop())
    try:
        await asyncio.to_thread(record_usage, "lyrics", "gpt-4o-mini", 10, 10, ana)
        for _ in range(50):
            if seen:
                break
            await asyncio.sleep(0.01)
    finally:
        live._listeners[USAGE_TOPIC].remove(listener)
        live.bind_loop(None)  # type: ignore[arg-type]
    assert [(c.topic, c.user_id) for c in seen] == [(USAGE_TOPIC, ana)]
