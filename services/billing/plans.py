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

# Features that are not a count, as the pricing page compares them: (feature, Free, Pro);
# media storage is added from the settings (`services.billing.pricing`).
FEATURES: list[tuple[str, str, str]] = [
    ("World refresh", "By hand, once a week per world", "By hand any time, and on a weekly, biweekly or monthly schedule"),
    ("Refresh history", "The latest refresh", "Every refresh, with what changed"),
    ("World builder, concerts, release feed, party rooms, label studio", "Included", "Included"),
]


def allowance(limit: Limit, plan: PlanName) -> str:
    """How much of a limit a plan gives, in words: "2", "not included", "up to 100 (fair use)"."""
    n = limit.allowed(plan)
    if plan == "pro":
        return f"up to {n} (fair use)"
    return "not included" if n == 0 else str(n)


PRO_GIVES: dict[str, str] = {
    "world_refresh": "Pro: refresh any world now as often as you like, on a weekly, biweekly or monthly schedule, "
                     "with its full history.",
}


def pro_gives(feature: str) -> str:
    """What Pro gives for the limit `feature`: "Pro: up to 100 saved worlds (fair use)"."""
    if feature in PRO_GIVES:
        return PRO_GIVES[feature]
    limit = LIMITS.get(feature)
    if limit is None:
        return "Pro lifts the Free plan's limits."
    return f"Pro: up to {limit.pro} {limit.label} (fair use)."


def describe(plan: PlanName) -> list[tuple[str, str]]:
    """(feature, allowance) rows for the billing page."""
    rows = []
    for limit in LIMITS.values():
        text = "unlimited (fair use)" if plan == "pro" else allowance(limit, plan)
        rows.append((limit.label.capitalize(), text))
    return rows
