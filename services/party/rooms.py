"""Rooms and the people in them: create, preview, join, my rooms (host controls: `manage`)."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services.accounts.models import User
from services.billing import UpgradeRequired, claim
from services.db import as_utc, utcnow
from services.formatting import span
from services.party import handover, roles
from services.party.errors import InvalidInput, MemberRemoved, NotAMember, PasscodeNeeded, RoomLocked
from services.party.models import PartyFallbackTrack, PartyMember, PartyRoom
from services.party.text import clean_name
from services.party.tx import (
    announce,
    find_member,
    load_room,
    normalize_code,
    require_open,
    room_action,
    run_in_transaction,
)
from services.party.types import ADD_POLICIES, Identity, RoomSettings, TrackRef

# No 0/O or 1/I: a code read aloud or copied from a screen is never ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
NAME_MAX = 80
QUEUE_LIMIT_MAX = 100
BAN_MINUTES_MAX = 24 * 60
COOLDOWN_MAX_S = 3600
PASSCODE_MAX = 20
FALLBACK_MAX = 500
ABANDONED_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class Membership:
    """The result of creating or joining a room: what the web layer keeps for this tab."""

    code: str
    room_name: str
    member_id: int
    role: str
    display_name: str
    guest_key: str | None

    @property
    def identity(self) -> Identity:
        """Only for guests (a user's identity comes from their session)."""
        assert self.guest_key is not None
        return Identity.guest(self.guest_key)


@dataclass(frozen=True)
class RoomPreview:
    """What the join screen shows before someone joins."""

    code: str
    name: str
    host_name: str
    locked: bool
    ended: bool
    present_count: int
    has_passcode: bool = False


def new_code() -> str:
    """A random join code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def check_settings(settings: RoomSettings) -> None:
    if settings.add_policy not in ADD_POLICIES:
        raise InvalidInput("Choose who may add tracks: everyone, signed-in people or hosts only.")
    if not 0 <= settings.queue_limit <= QUEUE_LIMIT_MAX:
        raise InvalidInput(f"The per-person queue limit must be between 0 (no limit) and {QUEUE_LIMIT_MAX}.")
    if not 0.0 < settings.skip_threshold <= 1.0:
        raise InvalidInput("The skip threshold must be more than 0 and at most 1 (everyone).")
    if not 0 <= settings.ban_minutes <= BAN_MINUTES_MAX:
        raise InvalidInput(f"A removal lasts between 0 (until the party ends) and {BAN_MINUTES_MAX} minutes.")
    if len(settings.passcode) > PASSCODE_MAX or any(not ch.isalnum() for ch in settings.passcode):
        raise InvalidInput(f"A passcode is up to {PASSCODE_MAX} letters and digits.")
    if not 0 <= settings.add_cooldown_s <= COOLDOWN_MAX_S:
        raise InvalidInput(f"The wait between two adds must be between 0 and {COOLDOWN_MAX_S} seconds.")


def apply_settings(room: PartyRoom, settings: RoomSettings) -> None:
    room.add_policy = settings.add_policy
    room.queue_limit = settings.queue_limit
    room.skip_threshold = settings.skip_threshold
    room.fallback_playlist_id = settings.fallback_playlist_id or None
    room.ban_minutes = settings.ban_minutes
    room.add_cooldown_s = settings.add_cooldown_s
    room.passcode = settings.passcode


def store_fallback(db: Session, room_id: int, tracks: Sequence[TrackRef]) -> None:
    db.exec(delete(PartyFallbackTrack).where(col(PartyFallbackTrack.room_id) == room_id))  # type: ignore[call-overload]
    for position, track in enumerate(list(tracks)[:FALLBACK_MAX]):
        db.add(
            PartyFallbackTrack(
                room_id=room_id,
                position=position,
                track_id=track.track_id,
                title=track.title[:300],
                artists=track.artists[:300],
                image_url=track.image_url[:1000],
                duration_ms=max(0, track.duration_ms),
            )
        )


def create_room(
    host_user_id: int,
    name: str,
    settings: RoomSettings | None = None,
    fallback_tracks: Sequence[TrackRef] = (),
    host_name: str = "",
    now: datetime | None = None,
) -> Membership:
    """Open a room hosted by a signed-in user; returns the host's membership and the code.

    `fallback_tracks` is a snapshot of the fallback playlist's tracks (the web
    layer reads them from the MusicSource) so auto-play never needs the catalog.
    """
    settings = settings or RoomSettings()
    check_settings(settings)
    title = clean_name(name, NAME_MAX)
    if not title:
        raise InvalidInput("Give the party a name.")
    now = now or utcnow()

    def unit(db: Session) -> Membership:
        user = db.get(User, host_user_id)
        if user is None:
            raise InvalidInput("Sign in to host a party.")
        code = new_code()
        while db.exec(select(PartyRoom.id).where(PartyRoom.code == code)).first() is not None:
            code = new_code()
        room = PartyRoom(code=code, name=title, host_user_id=host_user_id, created_at=now)
        apply_settings(room, settings)
        db.add(room)
        db.flush()
        assert room.id is not None
        display = clean_name(host_name) or clean_name(user.display_name) or "Host"
        host = PartyMember(
            room_id=room.id, user_id=host_user_id, display_name=display, role=roles.HOST, joined_at=now, last_seen_at=now
        )
        db.add(host)
        store_fallback(db, room.id, fallback_tracks)
        db.flush()
        assert host.id is not None
        return Membership(code, room.name, host.id, host.role, host.display_name, None)

    for attempt in range(8):
        try:
            made = run_in_transaction(unit)
        except IntegrityError:
            if attempt == 7:
                raise
            continue  # two rooms drew the same code at once: draw again
        announce(made.code, "room", 1)
        return made
    raise AssertionError("unreachable")


def room_preview(code: str) -> RoomPreview:
    """Name, host and state of a room, for the join screen; RoomNotFound if none."""

    def unit(db: Session) -> RoomPreview:
        room = load_room(db, code)
        host = db.get(User, room.host_user_id)
        present = db.exec(
            select(func.count())
            .select_from(PartyMember)
            .where(PartyMember.room_id == room.id, col(PartyMember.connected), col(PartyMember.removed_at).is_(None))
        ).one()
        return RoomPreview(
            room.code, room.name, host.display_name if host else "", room.locked, room.ended_at is not None, int(present),
            bool(room.passcode),
        )

    return run_in_transaction(unit)


def join_room(
    code: str, who: Identity, display_name: str = "", now: datetime | None = None, passcode: str = "",
    rejoin_only: bool = False,
) -> Membership:
    """Join (or rejoin) a room as a signed-in user or a guest.

    Refuses a missing room (`RoomNotFound`), an ended one (`RoomEnded`), newcomers
    to a locked one (`RoomLocked`; people already in it may come back) and people
    the host removed (`MemberRemoved`), and newcomers without the room's passcode, if it
    has one (`PasscodeNeeded`). Guests must give a display name. `rejoin_only`: someone
    who never joined gets `NotAMember` (opening the page is not joining, for a guest).
    """
    now = now or utcnow()
    name = clean_name(display_name)

    def work(db: Session, room: PartyRoom) -> Membership:
        require_open(room)
        assert room.id is not None
        member = find_member(db, room.id, who)
        if member is not None and member.removed_at is not None:
            _lift_expired_ban(member, now)
        is_host = who.user_id is not None and who.user_id == room.host_user_id
        if not is_host and (member is None or not member.connected):
            _enforce_room_size(db, room)
        if member is None:
            if rejoin_only:
                raise NotAMember("Join the party first.")
            if room.locked:
                raise RoomLocked(f"The party “{room.name}” is locked: the host is not letting new people in.")
            if room.passcode and not is_host and not hmac.compare_digest(
                passcode.strip().upper().encode(), room.passcode.upper().encode()
            ):
                raise PasscodeNeeded("This party needs its passcode: ask the host." if not passcode.strip()
                                     else "That passcode is not right: ask the host.")
            if who.user_id is not None:
                user = db.get(User, who.user_id)
                if user is None:
                    raise InvalidInput("Your account was not found; sign in again.")
                name_ = name or clean_name(user.display_name) or "Listener"
            else:
                if not name:
                    raise InvalidInput("Choose a display name to join as a guest.")
                name_ = name
            role = roles.HOST if who.user_id is not None and who.user_id == room.host_user_id else roles.LISTENER
            member = PartyMember(
                room_id=room.id,
                user_id=who.user_id,
                guest_key=who.guest_key,
                display_name=name_,
                role=role,
                joined_at=now,
                last_seen_at=now,
            )
        else:
            if name:
                member.display_name = name
            if is_host and member.role != roles.HOST and not member.connected:
                handover.reclaim(db, room, member)  # the owner is back (a reload keeps a handover)
            member.connected, member.last_seen_at = True, now
        db.add(member)
        db.flush()
        assert member.id is not None
        return Membership(room.code, room.name, member.id, member.role, member.display_name, member.guest_key)

    return room_action(code, "members", work)


def _lift_expired_ban(member: PartyMember, now: datetime) -> None:
    """A removed person may come back once their ban is over (as a listener); before
    that `MemberRemoved` says until when."""
    until = as_utc(member.banned_until)
    if until is None:
        raise MemberRemoved("The host removed you from this party, so you cannot rejoin it.")
    if now < until:
        wait = span(until - now + timedelta(seconds=59))  # round up: "1 min", never "0 min"
        raise MemberRemoved(f"The host removed you from this party; you can come back in {wait}.")
    member.removed_at, member.banned_until, member.role = None, None, roles.LISTENER


def _enforce_room_size(db: Session, room: PartyRoom) -> None:
    """The host's plan caps how many people can be in the room at once (`party_size`)."""
    claim(db, room.host_user_id, "party_size", lambda d: int(d.exec(
        select(func.count())
        .select_from(PartyMember)
        .where(PartyMember.room_id == room.id, col(PartyMember.connected), col(PartyMember.removed_at).is_(None))
    ).one()))


def room_full_message(refusal: UpgradeRequired) -> str:
    """What the join screen says when the host's plan has no seat left (`join_room` raised `refusal`)."""
    return (f"This party is full: the host's {refusal.plan.title()} plan allows "
            f"{refusal.allowed} people in a room at once.")


@dataclass(frozen=True)
class MyRoom:
    """A room on someone's "my rooms" list."""

    code: str
    name: str
    role: str
    ended: bool
    locked: bool
    present_count: int
    created_at: datetime


def my_rooms(user_id: int, limit: int = 20) -> list[MyRoom]:
    """Rooms the user hosts or joined, open ones first, newest first."""

    def unit(db: Session) -> list[MyRoom]:
        rows = db.exec(
            select(PartyRoom, PartyMember.role)
            .join(PartyMember, col(PartyMember.room_id) == PartyRoom.id)
            .where(PartyMember.user_id == user_id, col(PartyMember.removed_at).is_(None))
            .order_by(col(PartyRoom.ended_at).is_not(None), col(PartyRoom.created_at).desc())
            .limit(limit)
        ).all()
        ids = [room.id for room, _ in rows]
        counts = dict(
            db.exec(
                select(PartyMember.room_id, func.count())
                .where(col(PartyMember.room_id).in_(ids), col(PartyMember.connected), col(PartyMember.removed_at).is_(None))
                .group_by(col(PartyMember.room_id))
            ).all()
        ) if ids else {}
        return [
            MyRoom(
                room.code, room.name, role, room.ended_at is not None, room.locked, int(counts.get(room.id, 0)),
                as_utc(room.created_at) or room.created_at,
            )
            for room, role in rows
        ]

    return run_in_transaction(unit)


def room_host_id(code: str) -> int:
    """The host's user id: whose music source (search, playlists) the room uses."""
    return run_in_transaction(lambda db: load_room(db, code).host_user_id)


__all__ = [
    "CODE_ALPHABET",
    "Membership",
    "MyRoom",
    "RoomPreview",
    "create_room",
    "join_room",
    "my_rooms",
    "room_full_message",
    "room_host_id",
    "new_code",
    "normalize_code",
    "room_preview",
]
