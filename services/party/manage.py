"""The host's controls over a room: lock, end, roles, removal, settings, fallback;
and the housekeeping that ends rooms nobody is in. The server refuses anyone
whose role does not allow the action (`roles.require`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func
from sqlmodel import Session, col, select

from services.db import utcnow
from services.party import handover, roles
from services.party.errors import InvalidInput, PartyPermissionError
from services.party.models import PartyMember, PartyQueueItem, PartyRoom, PartySkipVote, PartyVote
from services.party.rooms import NAME_MAX, ABANDONED_AFTER, apply_settings, check_settings, store_fallback
from services.party.text import clean_name
from services.party.tx import require_member, require_open, room_action, run_in_transaction
from services.party.types import Identity, RoomSettings, TrackRef


def set_locked(code: str, who: Identity, locked: bool) -> None:
    """Host: stop (or again allow) new people joining."""

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "lock")
        room.locked = locked
        db.add(room)

    room_action(code, "room", work)


def end_room(code: str, who: Identity, now: datetime | None = None) -> None:
    """Host: end the party for everyone; it can no longer be joined or changed."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "end")
        room.ended_at = now
        room.paused_at = room.paused_at or (now if room.started_at else None)
        db.add(room)

    room_action(code, "room", work)


def set_role(code: str, who: Identity, member_id: int, role: str) -> None:
    """Host: promote a member to co-host, make them a listener again, or hand them the
    host role (`"host"`: the giver stays on as a co-host; see `handover`)."""
    if role not in (roles.HOST, roles.COHOST, roles.LISTENER):
        raise InvalidInput("A member can be made the host, a co-host or a listener.")

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        actor = require_member(db, room, who)
        roles.require(actor, "set_role")
        target = _target(db, room, member_id)
        if target.removed_at is not None:
            raise InvalidInput("That person was removed from the party.")
        if target.role == roles.HOST:
            raise PartyPermissionError("The host's role cannot be changed.")
        if role == roles.HOST:
            handover.pass_to(db, room, actor, target)
            return
        target.role = role
        db.add(target)

    room_action(code, "members", work)


def remove_member(code: str, who: Identity, member_id: int, now: datetime | None = None) -> None:
    """Host: remove someone and keep them out for the room's `ban_minutes` (0: until the
    party ends); their waiting tracks and votes go too. The ban holds the person (user
    or browser guest id), so another tab or a reload cannot bring them back."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "remove_member")
        target = _target(db, room, member_id)
        if target.role == roles.HOST:
            raise PartyPermissionError("The host cannot be removed.")
        target.removed_at, target.connected = now, False
        target.banned_until = now + timedelta(minutes=room.ban_minutes) if room.ban_minutes else None
        db.add(target)
        db.exec(delete(PartyVote).where(col(PartyVote.member_id) == member_id))  # type: ignore[call-overload]
        db.exec(delete(PartySkipVote).where(col(PartySkipVote.member_id) == member_id))  # type: ignore[call-overload]
        for item in db.exec(
            select(PartyQueueItem).where(
                PartyQueueItem.room_id == room.id,
                PartyQueueItem.added_by_member_id == member_id,
                PartyQueueItem.status == "queued",
            )
        ).all():
            item.status, item.finished_at = "removed", now
            db.add(item)

    room_action(code, "members", work)


def update_settings(code: str, who: Identity, settings: RoomSettings) -> None:
    """Host: change who may add, the per-person limit, the skip threshold, the fallback id."""
    check_settings(settings)

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "update_settings")
        apply_settings(room, settings)
        db.add(room)

    room_action(code, "room", work)


def update_room(code: str, who: Identity, name: str, settings: RoomSettings) -> None:
    """Host: rename the room and change its rules (the fallback playlist stays as chosen)."""
    check_settings(settings)
    title = clean_name(name, NAME_MAX)
    if not title:
        raise InvalidInput("Give the party a name.")

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "update_settings")
        keep = room.fallback_playlist_id
        apply_settings(room, settings)
        room.fallback_playlist_id, room.name = keep, title
        db.add(room)

    room_action(code, "room", work)


def set_fallback(code: str, who: Identity, playlist_id: str | None, tracks: Sequence[TrackRef]) -> None:
    """Host: replace the fallback playlist (a snapshot of its tracks; None clears it)."""

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "set_fallback")
        assert room.id is not None
        room.fallback_playlist_id = playlist_id or None
        room.fallback_cursor = 0
        db.add(room)
        store_fallback(db, room.id, tracks if playlist_id else ())

    room_action(code, "room", work)


def end_abandoned_rooms(now: datetime | None = None, idle: timedelta = ABANDONED_AFTER) -> list[str]:
    """End open rooms nobody has been in for `idle` (hosts forget to end parties)."""
    now = now or utcnow()
    cutoff = now - idle

    def unit(db: Session) -> list[str]:
        last_seen = func.max(PartyMember.last_seen_at)
        anyone_here = func.max(case((col(PartyMember.connected), 1), else_=0))
        rows = db.exec(
            select(PartyRoom.code)
            .join(PartyMember, col(PartyMember.room_id) == PartyRoom.id)
            .where(col(PartyRoom.ended_at).is_(None), col(PartyRoom.created_at) < cutoff)
            .group_by(col(PartyRoom.code))
            .having(last_seen < cutoff, anyone_here == 0)
        ).all()
        return list(rows)

    ended = []
    for code in run_in_transaction(unit):

        def work(db: Session, room: PartyRoom) -> None:
            if room.ended_at is None:
                room.ended_at = now
                room.paused_at = room.paused_at or (now if room.started_at else None)
                db.add(room)

        room_action(code, "room", work)
        ended.append(code)
    return ended


def _target(db: Session, room: PartyRoom, member_id: int) -> PartyMember:
    target = db.get(PartyMember, member_id)
    if target is None or target.room_id != room.id:
        raise InvalidInput("That person is not in this room.")
    return target
