"""Who may refresh a world when: every plan refreshes by hand (Free once a week per world), Pro
also on a schedule and keeps the whole history.

`claim_refresh` checks the limit and writes the "running" history row in one
transaction (the world's row locked first), so two clicks or two workers cannot both
pass it; `finish_refresh` / `fail_refresh` complete the row. A failed refresh does not
count against the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from services.billing.entitlements import plan_for
from services.db import as_utc, session_scope, utcnow
from services.worlds.models import World, WorldRefresh

FREE_MANUAL_PER_WEEK = 1  # manual refreshes of one world per 7 days on Free
WEEK = timedelta(days=7)
STALE_RUN = timedelta(minutes=15)  # a "running" row older than this died with its process
FREE_HISTORY = 1  # refreshes a Free plan's history shows (Pro: all)


class RefreshLimited(Exception):
    """This plan's refresh limit is reached; `message` says until when."""

    def __init__(self, message: str, next_at: datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.next_at = next_at


@dataclass(frozen=True, slots=True)
class RefreshPolicy:
    """What the page offers for one world."""

    plan: str
    can_refresh_now: bool
    next_manual_at: datetime | None  # when Free can refresh by hand again (None: now)
    scheduled_allowed: bool
    history_limit: int | None  # None: everything
    text: str  # the plan's refresh rules, one sentence, the same everywhere


def limits_text(plan: str) -> str:
    if plan == "pro":
        return "Pro: refresh any world now as often as you like, on a weekly, biweekly or monthly schedule, with its full history."
    return ("Free: refresh each world by hand once a week and see what changed. Pro adds scheduled refreshes "
            "and the full history.")


def _recent_manual(db: Session, world_id: int, now: datetime) -> list[WorldRefresh]:
    rows = db.exec(
        select(WorldRefresh).where(WorldRefresh.world_id == world_id, WorldRefresh.trigger == "manual",
                                   col(WorldRefresh.ran_at) > now - WEEK)
        .order_by(col(WorldRefresh.ran_at))
    ).all()
    return [r for r in rows if r.status == "done" or (r.status == "running" and (as_utc(r.ran_at) or now) > now - STALE_RUN)]


def policy(user_id: int, world_id: int, now: datetime | None = None) -> RefreshPolicy:
    now = now or utcnow()
    with session_scope() as db:
        plan = plan_for(user_id, db)
        if plan == "pro":
            return RefreshPolicy(plan, True, None, True, None, limits_text(plan))
        used = _recent_manual(db, world_id, now)
    next_at = (as_utc(used[0].ran_at) or now) + WEEK if len(used) >= FREE_MANUAL_PER_WEEK else None
    return RefreshPolicy(plan, next_at is None, next_at, False, FREE_HISTORY, limits_text(plan))


def claim_refresh(user_id: int, world_id: int, trigger: str, now: datetime | None = None) -> int:
    """Check the plan's limit and write the running refresh row; returns its id.

    Raises `RefreshLimited` (nothing written) when Free already refreshed this world
    by hand this week, or a refresh of it is running; `LookupError` when the world is not theirs.
    """
    now = now or utcnow()
    with session_scope() as db:
        world = db.exec(select(World).where(World.id == world_id).with_for_update()).first()
        if world is None or world.user_id != user_id:
            raise LookupError("That world no longer exists.")
        running = db.exec(
            select(func.count()).select_from(WorldRefresh).where(
                WorldRefresh.world_id == world_id, WorldRefresh.status == "running",
                col(WorldRefresh.ran_at) > now - STALE_RUN)
        ).one()
        if running:
            raise RefreshLimited("This world is being refreshed right now.")
        if trigger == "manual" and plan_for(user_id, db) != "pro":
            used = _recent_manual(db, world_id, now)
            if len(used) >= FREE_MANUAL_PER_WEEK:
                next_at = (as_utc(used[0].ran_at) or now) + WEEK
                raise RefreshLimited(
                    f"Free refreshes each world by hand once a week: this one again on {next_at:%A %d %B}. "
                    "Pro refreshes any time and on a schedule.", next_at)
        row = WorldRefresh(world_id=world_id, ran_at=now, trigger=trigger, status="running", ok=False)
        db.add(row)
        db.flush()
        assert row.id is not None
        return row.id
