"""Saving built worlds and changing their refresh plan, within the person's plan limits.

Free: 2 saved worlds, refreshed by hand (once a week each); Pro: scheduled refresh too. `UpgradeRequired` (from `services.billing`) says
which limit was reached; the page turns it into the upgrade dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import col, func, select

from services.billing import claim
from services.billing.entitlements import UpgradeRequired, plan_for, within_plan
from services.billing.plans import LIMITS
from services.db import session_scope
from services.worlds import repo
from services.worlds.models import World

if TYPE_CHECKING:
    from services.worlds.builder import BuiltWorld


def check_editable(user_id: int, world_id: int) -> None:
    """A world kept beyond the plan's saved worlds (after going back to Free) stays readable
    but does not change: `UpgradeRequired` says so. The oldest ones within the limit stay editable."""
    with session_scope() as db:
        ids = [int(i) for i in db.exec(select(World.id).where(World.user_id == user_id)
                                       .order_by(col(World.created_at), col(World.id))).all() if i is not None]
        within_plan(db, user_id, "worlds", world_id, ids)


def refresh_allowed(user_id: int) -> bool:
    with session_scope() as db:
        return LIMITS["world_refresh"].allowed(plan_for(user_id, db)) > 0


def _refreshing(db, user_id: int, other_than: int | None) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(World).where(World.user_id == user_id, World.cadence != "off")
    if other_than is not None:
        query = query.where(col(World.id) != other_than)
    return int(db.exec(query).one())


def _world_count(user_id: int):  # type: ignore[no-untyped-def]
    return lambda db: int(db.exec(select(func.count()).select_from(World).where(World.user_id == user_id)).one())


def _refresh_guard(user_id: int, world_id: int | None):  # type: ignore[no-untyped-def]
    return lambda db: claim(db, user_id, "world_refresh", lambda d: _refreshing(d, user_id, world_id))


def save_built(user_id: int, built: BuiltWorld, *, world_id: int | None = None, cadence: str = "off",
               name: str = "") -> tuple[int, str]:
    """Store a built world (new, or over the one it was saved as); returns (id, a note to show or "").
    The limits are claimed in the transaction that writes (`billing.claim`), so tabs saving at
    once never pass them."""
    note = ""
    if cadence != "off":
        try:
            with session_scope() as db:
                _refresh_guard(user_id, world_id)(db)
        except UpgradeRequired:
            cadence, note = "off", "Scheduled refresh is part of Pro, so this world refreshes when you ask (once a week on Free)."
    draft = built.draft(cadence)
    if name.strip():
        from dataclasses import replace

        draft = replace(draft, name=name.strip())
    if world_id is not None and repo.load_world(user_id, world_id) is not None:
        check_editable(user_id, world_id)
        repo.replace_playlists(user_id, world_id, draft.playlists)
        if name.strip():
            repo.rename_world(user_id, world_id, name)
        return world_id, note

    def guard(db) -> None:  # type: ignore[no-untyped-def]
        claim(db, user_id, "worlds", _world_count(user_id))
        if cadence != "off":
            claim(db, user_id, "world_refresh", lambda d: _refreshing(d, user_id, None))

    return repo.save_world(user_id, draft, guard), note


def set_cadence(user_id: int, world_id: int, cadence: str) -> bool:
    """Change how often a world refreshes; turning it on needs a plan that allows it
    (claimed in the transaction that changes it)."""
    return repo.set_cadence(user_id, world_id, cadence, _refresh_guard(user_id, world_id) if cadence != "off" else None)
