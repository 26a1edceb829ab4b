"""The worlds page frame: the grid's cards and the plan's limits, the same words everywhere."""

from __future__ import annotations

from services import accounts
from services.worlds.refresh_plan import limits_text
from state.worlds.grid import grid_of


def test_grid_of_an_empty_account_and_the_free_plans_words(db: None) -> None:
    user, _ = accounts.sign_up("grid@example.com", "good pass 123", "Grid")
    cards, plan, scheduled = grid_of(user.id)
    assert cards == [] and plan == "free" and scheduled is False
    text = limits_text(plan)
    assert "once a week" in text and "Pro adds scheduled refreshes" in text
    assert "any world now" in limits_text("pro")
