"""One transaction per room action: lock the room, do the work, commit, announce.

Every write starts by bumping the room's `version` in one UPDATE. That single
statement is what keeps concurrent actions in a room correct on both databases:
on PostgreSQL it takes the room's row lock until commit, on SQLite it takes the
database write lock, so the checks that follow (limits, "is this item still
queued", "who is on top") see every earlier action in the room and nobody else
changes them before we commit. Counts themselves are never read, changed in
Python and written back: scores are sums over vote rows.

The statements every vote, chat line or view read runs are built once, at
import, with bind parameters (`bindparam`): building a SQLAlchemy statement
costs about four times what executing it does (the queue's read: 0.34 ms built
per call, 0.08 ms prebuilt, SQLite here), and a prebuilt one also keeps its
cache key.

Every unit runs in `services.db.run_in_transaction`: lock conflicts are retried a few
times and a database outage (a PostgreSQL restart) is waited out; then the change is published on the `party`
topic of `services.live` so the transport (`state.party_channel`) can push the
room's new view; a caller that reads the new view itself claims the change
instead (`claim_changes`), and may read it inside the change's own transaction.
The transport is not known here.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from services import live
from services.db import run_in_transaction
from services.party.errors import MemberRemoved, NotAMember, RoomEnded, RoomNotFound
from services.party.models import PartyMember, PartyRoom
from services.party.types import Identity

log = logging.getLogger(__name__)
T = TypeVar("T")

TOPIC = "party"
_CODE_JUNK = re.compile(r"[^A-Z0-9]")


def normalize_code(raw: str) -> str:
    """What a person typed or a link carried, upper-cased and without spaces or dashes."""
    return _CODE_JUNK.sub("", (raw or "").upper())[:12]


def room_action(code: str, kind: str, work: Callable[[Session, PartyRoom], T]) -> T:
    """A write to one room: lock it, run `work(db, room)`, commit, publish the change."""
    code = normalize_code(code)
    box: dict[str, int] = {}

    def unit(db: Session) -> T:
        room = lock_room(db, code)
        result = work(db, room)
        box["version"] = room.version
        read: ReadAfter | None = getattr(_claims, "read", None)  # set only inside claim_changes()
        if read is not None:
            try:
                read(db, room, kind)
            except Exception:  # the write stands; the caller reads the room the slow way
                log.warning("party: reading room %s after a change failed", code, exc_info=True)
        return result

    result = run_in_transaction(unit)
    announce(code, kind, box.get("version", 0))
    return result


def announce(code: str, kind: str, version: int) -> None:
    """Tell the live layer that room `code` changed (`kind`: room, members, queue, playback, chat),
    or, inside `claim_changes()` on this thread, hand the change to the caller instead."""
    claimed: list[Claimed] | None = getattr(_claims, "changes", None)
    if claimed is not None:
        claimed.append(Claimed(code, kind, version))
        return
    live.publish_soon(live.Change(TOPIC, room=code, data={"kind": kind, "version": version}))


@dataclass(frozen=True)
class Claimed:
    """A change made inside `claim_changes()`: not announced, the caller sends it."""

    code: str
    kind: str
    version: int


ReadAfter = Callable[[Session, PartyRoom, str], None]
_claims = threading.local()


@contextlib.contextmanager
def claim_changes(read: ReadAfter | None = None) -> Iterator[list[Claimed]]:
    """Collect the changes this thread's room actions make instead of announcing them.

    For a caller that reads the room's new view itself right after the write, in the
    same worker thread (`state.party_channel.act`): one thread hop instead of two.
    `read(db, room, kind)`, if given, runs inside each change's transaction right
    after its write, holding the room's lock: the view it reads is exactly that
    version's, at the cost of no extra transaction. The caller must then send or
    announce every change it collected.
    """
    outer = getattr(_claims, "changes", None), getattr(_claims, "read", None)
    _claims.changes, _claims.read = [], read
    try:
        yield _claims.changes
    finally:
        _claims.changes, _claims.read = outer


# One statement: the bump returns the row (RETURNING: SQLite >= 3.35, PostgreSQL).
_BUMP_ROOM = (
    update(PartyRoom).where(col(PartyRoom.code) == bindparam("room_code")).values(version=PartyRoom.version + 1).returning(PartyRoom)
)
_ROOM_BY_CODE = select(PartyRoom).where(col(PartyRoom.code) == bindparam("code"))
_MEMBER_BY_USER = select(PartyMember).where(
    col(PartyMember.room_id) == bindparam("room_id"), col(PartyMember.user_id) == bindparam("user_id")
)
_MEMBER_BY_GUEST = select(PartyMember).where(
    col(PartyMember.room_id) == bindparam("room_id"), col(PartyMember.guest_key) == bindparam("guest_key")
)


def lock_room(db: Session, code: str) -> PartyRoom:
    """Bump the room's version (taking its write lock) and load it; RoomNotFound if none."""
    room = db.scalars(_BUMP_ROOM, {"room_code": code}, execution_options={"populate_existing": True}).one_or_none()
    if room is None:
        raise RoomNotFound(f"There is no party with the code {code or '(empty)'}. Check the code and try again.")
    return room


def load_room(db: Session, code: str) -> PartyRoom:
    """Read a room without locking it; RoomNotFound if there is none."""
    code = normalize_code(code)
    room = db.exec(_ROOM_BY_CODE, params={"code": code}).first()
    if room is None:
        raise RoomNotFound(f"There is no party with the code {code or '(empty)'}. Check the code and try again.")
    return room


def require_open(room: PartyRoom) -> None:
    """Refuse any change to a room the host has ended."""
    if room.ended_at is not None:
        raise RoomEnded(f"The party “{room.name}” has ended.")


def find_member(db: Session, room_id: int, who: Identity) -> PartyMember | None:
    """The member row of `who` in the room, removed or not."""
    if who.user_id is not None:
        return db.exec(_MEMBER_BY_USER, params={"room_id": room_id, "user_id": who.user_id}).first()
    return db.exec(_MEMBER_BY_GUEST, params={"room_id": room_id, "guest_key": who.guest_key}).first()


def require_member(db: Session, room: PartyRoom, who: Identity) -> PartyMember:
    """The acting member; refuses people who never joined or were removed."""
    assert room.id is not None
    member = find_member(db, room.id, who)
    if member is None:
        raise NotAMember("Join the party first.")
    if member.removed_at is not None:
        raise MemberRemoved("The host removed you from this party.")
    return member
