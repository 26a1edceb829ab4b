"""What the pricing page (`/pricing`) and every limit message show: Free and Pro side
by side, the price per interval, the trial, and the one next step for this person
(sign up, upgrade, or their portal when on Pro — never a second checkout)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services import formatting
from services.billing.entitlements import billing_status
from services.billing.plans import FEATURES, LIMITS, PLAN_TITLES, allowance, pro_gives
from services.billing.prices import PlanPrice
from services.billing.trials import trial_available
from services.config import get_settings
from services.storage import MB, quota_mb


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the comparison: "Saved worlds" / "2" / "up to 100 (fair use)"."""

    feature: str
    free: str
    pro: str


@dataclass(frozen=True)
class Pricing:
    """The pricing page for one person (or a visitor: `who` is "visitor")."""

    who: str  # visitor | free | pro
    now_text: str  # what the person has right now
    monthly: str  # "€9.00 a month" or why it is not offered
    yearly: str
    monthly_offered: bool
    yearly_offered: bool
    trial_days: int
    trial_available: bool
    test_mode: bool
    gateway_label: str
    rows: list[PlanRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UpgradeOffer:
    """A limit message: the limit, what Pro gives, the price, and the one button."""

    pro_gives: str
    price: str  # "€9.00 a month or €90.00 a year"
    action: str  # checkout | portal | none (no price is set anywhere)
    action_label: str
    test_mode: bool


def price_line(prices: dict[str, PlanPrice]) -> str:
    """"€9.00 a month or €90.00 a year" (only the intervals that have a price)."""
    offered = [p.text for p in prices.values() if p.offered]
    return " or ".join(offered) if offered else "No price is set for Pro on this instance yet."


def rows() -> list[PlanRow]:
    limits = [PlanRow(limit.label.capitalize(), allowance(limit, "free"), allowance(limit, "pro"))
              for limit in LIMITS.values()]
    storage = PlanRow("Media storage (takes, beats, mixes)", formatting.size(quota_mb("free") * MB, digits=0),
                      formatting.size(quota_mb("pro") * MB, digits=0))
    return limits + [storage] + [PlanRow(*feature) for feature in FEATURES]


def _now_text(user_id: int) -> str:
    status = billing_status(user_id)
    if status.plan == "free":
        return "You are on Free."
    if status.source == "admin":
        return "You are on Pro (set by an operator)."
    until = formatting.date(status.renews_at) if status.renews_at else ""
    if status.status == "trialing":
        return f"You are on a Pro trial until {until}."
    if status.cancel_at_period_end:
        return f"You are on Pro until {until}; then Free."
    if status.past_due:
        return "You are on Pro, but the last payment failed: update your card in the portal."
    return f"You are on Pro; it renews on {until}." if until else "You are on Pro."


def pricing(user_id: int | None) -> Pricing:
    from services.billing import payments

    gateway = payments(user_id)
    prices = gateway.prices()
    month, year = prices["month"], prices["year"]
    plan = billing_status(user_id).plan if user_id else "visitor"
    return Pricing(
        who=plan,
        now_text=_now_text(user_id) if user_id else "Sign up free; upgrade any time.",
        monthly=month.text, yearly=year.text, monthly_offered=month.offered, yearly_offered=year.offered,
        trial_days=get_settings().trial_days,
        trial_available=bool(user_id) and trial_available(user_id or 0),
        test_mode=gateway.test_mode, gateway_label=gateway.label,
        rows=rows(),
    )


def upgrade_offer(user_id: int | None, feature: str) -> UpgradeOffer:
    """What a limit message adds to the limit itself."""
    from services.billing import payments

    gateway = payments(user_id)
    prices = gateway.prices()
    on_pro = bool(user_id) and billing_status(user_id or 0).plan == "pro"
    if on_pro:
        action, label = "portal", "Manage your plan"
    elif any(p.offered for p in prices.values()):
        first = next(p for p in prices.values() if p.offered)
        action, label = "checkout", f"Upgrade to Pro · {first.text}"
    else:
        action, label = "none", ""
    return UpgradeOffer(pro_gives(feature), price_line(prices), action, label, gateway.test_mode)


__all__ = ["PLAN_TITLES", "PlanRow", "Pricing", "UpgradeOffer", "price_line", "pricing", "rows", "upgrade_offer"]
