"""Which plan a person is on, and the one check every gated action calls.

The plan comes from an operator override if there is one, else from the person's
subscription as last read back from Stripe: active, trialing and past_due (Stripe
is still retrying the payment) are Pro; anything else is Free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from services.billing.models import PlanOverride, Subscription, UsageEvent
from services.billing.plans import LIMITS, PLAN_TITLES, PlanName
from services.db import as_utc, lock_account, session_scope, utcnow

PRO_STATUSES = {"active", "trialing", "past_due"}


class UpgradeRequired(Exception):
    """A limit of the person's plan was reached; `feature` names it for the upgrade dialog.
    `beyond`: the item is one of those kept beyond the limit after a downgrade (read-only)."""

    def __init__(self, feature: str, label: str, allowed: int, plan: PlanName, *, beyond: bool = False) -> None:
        self.feature, self.label, self.allowed, self.plan = feature, label, allowed, plan
        pro = LIMITS[feature].pro if feature in LIMITS else 0
        if beyond:
            message = (f"This one is beyond the {PLAN_TITLES[plan]} plan's {allowed} {label}: it is kept and stays "
                       f"readable, but cannot change. Upgrade to Pro to edit it (up to {pro}).")
        elif plan == "pro":
            message = f"The Pro plan allows up to {allowed} {label} (fair use)."
        elif allowed == 0:
            message = f"The {PLAN_TITLES[plan]} plan does not include {label}. Upgrade to Pro to use it (up to {pro})."
        else:
            message = f"The {PLAN_TITLES[plan]} plan allows {allowed} {label}. Upgrade to Pro for up to {pro}."
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class BillingStatus:
    """What the billing page shows about a person's plan."""

    plan: PlanName
    source: str  # "free" | "stripe" | "admin"
    status: str
    renews_at: datetime | None
    cancel_at_period_end: bool
    interval: str

    @property
    def past_due(self) -> bool:
        return self.status == "past_due"


def _current_subscription(db: Session, user_id: int) -> Subscription | None:
    rows = db.exec(
        select(Subscription).where(Subscription.user_id == user_id).order_by(col(Subscription.updated_at).desc())
    ).all()
    live = [r for r in rows if r.status in PRO_STATUSES]
    return (live or rows or [None])[0]


def billing_status(user_id: int, db: Session | None = None) -> BillingStatus:
    """The person's plan and subscription state."""
    if db is None:
        with session_scope() as own:
            return billing_status(user_id, own)
    override = db.get(PlanOverride, user_id)
    sub = _current_subscription(db, user_id)
    if override is not None and override.plan in ("free", "pro"):
        plan: PlanName = "pro" if override.plan == "pro" else "free"
        return BillingStatus(plan, "admin", sub.status if sub else "", None, False, "")
    if sub is not None and sub.status in PRO_STATUSES:
        return BillingStatus("pro", "stripe", sub.status, as_utc(sub.current_period_end), sub.cancel_at_period_end, sub.interval)
    return BillingStatus("free", "free", sub.status if sub else "", None, False, "")


def plan_for(user_id: int, db: Session | None = None) -> PlanName:
    return billing_status(user_id, db).plan


def enforce(db: Session, user_id: int, feature: str, in_use: int | None = None) -> None:
    """Raise `UpgradeRequired` when one more use of `feature` would pass the plan's limit.

    `in_use` is how many the person has now (projects, worlds, people in a room);
    per-day limits count recorded uses of the last 24 hours instead.
    """
    limit = LIMITS[feature]
    plan = plan_for(user_id, db)
    allowed = limit.allowed(plan)
    if limit.per_day:
        since = utcnow() - timedelta(hours=24)
        in_use = db.exec(
            select(func.count()).select_from(UsageEvent).where(
                UsageEvent.user_id == user_id, UsageEvent.key == feature, col(UsageEvent.at) > since
            )
        ).one()
    if (in_use or 0) >= allowed:
        raise UpgradeRequired(feature, limit.label, allowed, plan)


def within_plan(db: Session, user_id: int, feature: str, item_id: int, ids_oldest_first: list[int]) -> None:
    """Refuse changing an item kept beyond the plan's limit (after going back to Free, the
    oldest items within the allowance stay editable; the others are kept, read-only).
    Raises `UpgradeRequired` (with `beyond`); nothing is deleted either way."""
    limit = LIMITS[feature]
    plan = plan_for(user_id, db)
    allowed = limit.allowed(plan)
    if item_id in ids_oldest_first[allowed:]:
        raise UpgradeRequired(feature, limit.label, allowed, plan, beyond=True)


def claim(db: Session, user_id: int, feature: str, count: Callable[[Session], int] | None = None) -> None:
    """The one way to take a plan-limited slot: lock the account, count, refuse or go on.

    Call it first in the unit of work that inserts the limited thing, and insert in
    that same unit of work: the account stays locked until it commits, so eight
    requests at once are counted one after another and never pass the limit.
    `count(db)` says how many the person has now (not needed for per-day limits,
    whose use `claim` records itself). Raises `UpgradeRequired`; nothing is written
    then.
    """
    lock_account(db, user_id)
    enforce(db, user_id, feature, None if LIMITS[feature].per_day or count is None else int(count(db)))
    if LIMITS[feature].per_day:
        record_use(db, user_id, feature)


def record_use(db: Session, user_id: int, feature: str) -> None:
    """Count one use of a per-day limit (in the same transaction as the action)."""
    db.add(UsageEvent(user_id=user_id, key=feature))


def set_plan_override(db: Session, user_id: int, plan: str) -> None:
    """Operator override; `plan` is "free", "pro" or "stripe" (remove the override).
    Sessions are not rotated: the plan is read at every action and pushed to open pages."""
    if plan not in ("free", "pro", "stripe"):
        raise ValueError("plan must be free, pro or stripe")
    row = db.get(PlanOverride, user_id)
    if plan == "stripe":
        if row is not None:
            db.delete(row)
    else:
        row = row or PlanOverride(user_id=user_id, plan=plan)
        row.plan, row.updated_at = plan, utcnow()
        db.add(row)
    db.flush()
