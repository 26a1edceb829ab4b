"""The plans and their limits, defined once. Services enforce them where the action
happens (`services.billing.entitlements.enforce`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlanName = Literal["free", "pro"]


@dataclass(frozen=True)
class Limit:
    """One gated feature: what it is called, and how much each plan allows."""

    key: str
    label: str
    free: int
    pro: int  # "fair use" ceiling; far above what a person needs
    per_day: bool = False

    def allowed(self, plan: PlanName) -> int:
        return self.pro if plan == "pro" else self.free


LIMITS: dict[str, Limit] = {
    limit.key: limit
    for limit in (
        Limit("label_projects", "saved label projects", free=1, pro=200),
        Limit("release_packs", "release packs per 24 hours", free=1, pro=50, per_day=True),
        Limit("worlds", "saved worlds", free=2, pro=100),
        Limit("world_refresh", "worlds with scheduled refresh", free=0, pro=100),
        Limit("party_size", "people in a party room", free=10, pro=200),
    )
}

PLAN_TITLES: dict[PlanName, str] = {"free": "Free", "pro": "Pro"}


def describe(plan: PlanName) -> list[tuple[str, str]]:
    """(feature, allowance) rows for the billing page."""
    rows = []
    for limit in LIMITS.values():
        n = limit.allowed(plan)
        if plan == "pro":
            text = "unlimited (fair use)"
        elif n == 0:
            text = "not included"
        else:
            text = str(n)
        rows.append((limit.label.capitalize(), text))
    return rows
