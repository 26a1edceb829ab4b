"""The dashboard's AI usage card: costs to the cent (or the hundredth of a cent), task names."""

from __future__ import annotations

from services.ai.schemas import LOCAL_SOURCE
from services.ai.usage import TaskUsage, UsageSummary
from services.ai.usage_view import TaskLine, usage_card, usd


def test_costs_and_rows() -> None:
    assert (usd(0.0123), usd(0), usd(1234.5)) == ("$0.0123", "$0.0000", "$1,234.50")
    summary = UsageSummary(month="2026-11", calls=1500, tokens_in=10_000, tokens_out=2_345, cost_usd=0.5,
                           by_task=[TaskUsage("lyrics", 3, 100, 20, 0.01), TaskUsage("new_thing", 1, 5, 5, 2.0)],
                           unpriced_models=["local-x"])
    card = usage_card(summary)
    assert (card.month, card.calls, card.tokens, card.cost) == ("2026-11", 1500, "12,345", "$0.5000")
    assert card.rows == [TaskLine("Lyrics", "3", "120", "$0.0100"), TaskLine("New thing", "1", "10", "$2.00")]
    assert card.note == "No price known for local-x: counted at $0."
    assert card.mode_label == LOCAL_SOURCE and not card.live_mode  # no OpenAI key in the tests
