"""Who is in the room now: join marks present, heartbeats keep it, leave or silence ends it.

A heartbeat that changes nothing writes one row and announces nothing; only a
change of who is present bumps the room's version and reaches the other pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from services.db import as_utc, utcnow
from services.party import handover, roles
from services.party.models import PartyMember, PartyRoom
from services.party.tx import announce, find_member, load_room, lock_room, room_action, run_in_transaction
from services.party.types import Identity

# A page sends a heartbeat every ~15 s; after this long without one it counts as gone.
PRESENCE_TIMEOUT = timedelta(seconds=45)
HEARTBEAT_WRITE_EVERY = timedelta(seconds=10)


@dataclass(frozen=True)
class MemberView:
    """A person in the room as the page shows them."""

    id: int
    display_name: str
    role: str
    is_guest: bool
    present: bool
    last_seen_at: datetime


def member_view(member: PartyMember) -> MemberView:
    assert member.id is not None
    return MemberView(
        member.id,
        member.display_name,
        member.role,
        member.user_id is None,
        member.connected,
        as_utc(member.last_seen_at) or member.last_seen_at,
    )


_ROLE_ORDER = {"host": 0, "cohost": 1, "listener": 2}


_PRESENT = select(PartyMember).where(  # built once (see `tx`): every join and leave reads it
    col(PartyMember.room_id) == bindparam("room_id"), col(PartyMember.connected), col(PartyMember.removed_at).is_(None)
)


def present_in(db: Session, room_id: int) -> list[MemberView]:
    """Members present in the room: host first, then co-hosts, then by name."""
    rows = db.exec(_PRESENT, params={"room_id": room_id}).all()
    views = [member_view(row) for row in rows]
    return sorted(views, key=lambda m: (_ROLE_ORDER.get(m.role, 3), m.display_name.casefold(), m.id))


def present_members(code: str) -> list[MemberView]:
    """Who is in the room now."""

    def unit(db: Session) -> list[MemberView]:
        room = load_room(db, code)
        assert room.id is not None
        return present_in(db, room.id)

    return run_in_transaction(unit)


def heartbeat(code: str, who: Identity, now: datetime | None = None) -> bool:
    """The page is still open. Returns False when the person is not (or no longer) a member,
    so the page can send them back to the join screen."""
    return who in heartbeats(code, [who], now)


def heartbeats(code: str, people: Iterable[Identity], now: datetime | None = None) -> set[Identity]:
    """Pages of these people are still open: one read and at most one write for a
    whole room (the room's ticker calls this for everyone connected). Returns the
    people who are members still; only someone coming back announces a change."""
    now = now or utcnow()
    wanted = set(people)

    def check(db: Session) -> tuple[set[Identity], bool]:
        room = load_room(db, code)
        assert room.id is not None
        if room.ended_at is not None or not wanted:
            return set(), False
        members = db.exec(select(PartyMember).where(PartyMember.room_id == room.id)).all()
        ok: set[Identity] = set()
        stale: list[int] = []
        came_back = False
        for member in members:
            who = Identity.user(member.user_id) if member.user_id is not None else Identity.guest(member.guest_key or "")
            if who not in wanted or member.removed_at is not None:
                continue
            ok.add(who)
            seen = as_utc(member.last_seen_at)
            if member.connected and seen is not None and now - seen < HEARTBEAT_WRITE_EVERY:
                continue  # seen a moment ago: spare the write
            came_back = came_back or not member.connected
            assert member.id is not None
            stale.append(member.id)
        if stale:
            db.exec(  # type: ignore[call-overload]
                update(PartyMember).where(col(PartyMember.id).in_(stale)).values(last_seen_at=now, connected=True)
            )
        return ok, came_back

    ok, came_back = run_in_transaction(check)
    if came_back:
        room_action(code, "members", lambda db, room: None)
    return ok


def leave_room(code: str, who: Identity, now: datetime | None = None) -> None:
    """The page closed or the person left: they no longer count as present."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        assert room.id is not None
        member = find_member(db, room.id, who)
        if member is not None and member.connected:
            member.connected, member.last_seen_at = False, now
            db.add(member)
            db.flush()
            if member.role == roles.HOST:
                handover.hand_over_if_away(db, room)

    room_action(code, "members", work)


def stale_cleanup(now: datetime | None = None, timeout: timedelta = PRESENCE_TIMEOUT) -> list[str]:
    """Mark members without a heartbeat for `timeout` as absent; returns the rooms that changed."""
    now = now or utcnow()
    cutoff = now - timeout

    def unit(db: Session) -> list[tuple[str, int]]:
        stale = db.exec(
            select(PartyMember.id, PartyRoom.code)
            .join(PartyRoom, col(PartyRoom.id) == PartyMember.room_id)
            .where(col(PartyMember.connected), col(PartyMember.last_seen_at) < cutoff)
        ).all()
        if not stale:
            return []
        versions = []
        rooms = []
        # Rooms first, then members: the same lock order as every room action.
        for code in sorted({code for _, code in stale}):
            room = lock_room(db, code)
            rooms.append(room)
            versions.append((code, room.version))
        db.exec(  # type: ignore[call-overload]
            update(PartyMember)
            .where(col(PartyMember.id).in_([member_id for member_id, _ in stale]), col(PartyMember.last_seen_at) < cutoff)
            .values(connected=False)
            .execution_options(synchronize_session="fetch")
        )
        for room in rooms:
            handover.hand_over_if_away(db, room)
        return versions

    changed = run_in_transaction(unit)
    for code, version in changed:
        announce(code, "members", version)
    return [code for code, _ in changed]
