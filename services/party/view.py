"""Everything a room page shows, in plain dataclasses, read in one short transaction.

The view is split in two so a transport can fan out cheaply (issue 12): the
`RoomSnapshot` is the same for everyone in the room (compute it once per change,
send it to every socket), the `ViewerState` is private to one person (their
role, permissions, votes). `room_view` joins both for a page that wants it all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from services.db import as_utc, utcnow
from services.party.chat import ChatLine, recent_lines
from services.party.device import PlayerStatus, player_status
from services.party.models import PartyRoom
from services.party.playback import NowPlaying, my_skip_vote, now_playing_of, skip_tally
from services.party.presence import MemberView, present_in
from services.party.queue import QueueEntry, my_votes, ordered_queue, queued_count
from services.party.roles import Permissions
from services.party.tx import load_room, require_member, run_in_transaction
from services.party.types import Identity


@dataclass(frozen=True)
class RoomInfo:
    """The room itself and its settings."""

    code: str
    name: str
    locked: bool
    ended: bool
    created_at: datetime
    add_policy: str
    queue_limit: int
    skip_threshold: float
    fallback_playlist_id: str | None
    ban_minutes: int = 60
    add_cooldown_s: int = 0
    passcode: str = ""  # members may see it (to invite); newcomers must type it


@dataclass(frozen=True)
class RoomSnapshot:
    """What every person in the room sees alike; `version` orders snapshots."""

    version: int
    at: datetime
    room: RoomInfo
    now_playing: NowPlaying | None
    queue: list[QueueEntry]
    members: list[MemberView]
    chat: list[ChatLine]
    skip_votes: int
    skip_needed: int
    player: PlayerStatus  # the demo clock, or the host's Spotify device and its trouble

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (datetimes as ISO strings), for a transport to encode once."""
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ViewerState:
    """What only this person sees: who they are here, what they may do, their votes."""

    member_id: int
    display_name: str
    role: str
    is_guest: bool
    permissions: Permissions
    my_votes: dict[int, int] = field(default_factory=dict)
    my_queued: int = 0
    skip_voted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class RoomView:
    """A room page: the shared snapshot plus the viewer's own state."""

    snapshot: RoomSnapshot
    me: ViewerState

    # Shortcuts so a page can read `view.queue` rather than `view.snapshot.queue`.
    @property
    def room(self) -> RoomInfo:
        return self.snapshot.room

    @property
    def now_playing(self) -> NowPlaying | None:
        return self.snapshot.now_playing

    @property
    def queue(self) -> list[QueueEntry]:
        return self.snapshot.queue

    @property
    def members(self) -> list[MemberView]:
        return self.snapshot.members

    @property
    def chat(self) -> list[ChatLine]:
        return self.snapshot.chat

    @property
    def version(self) -> int:
        return self.snapshot.version


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _room_info(room: PartyRoom) -> RoomInfo:
    return RoomInfo(
        code=room.code,
        name=room.name,
        locked=room.locked,
        ended=room.ended_at is not None,
        created_at=as_utc(room.created_at) or room.created_at,
        add_policy=room.add_policy,
        queue_limit=room.queue_limit,
        skip_threshold=room.skip_threshold,
        fallback_playlist_id=room.fallback_playlist_id,
        ban_minutes=room.ban_minutes,
        add_cooldown_s=room.add_cooldown_s,
        passcode=room.passcode,
    )


def _snapshot(db: Session, room: PartyRoom, now: datetime) -> RoomSnapshot:
    assert room.id is not None
    votes, needed = skip_tally(db, room) if room.started_at is not None else (0, 0)
    return RoomSnapshot(
        version=room.version,
        at=now,
        room=_room_info(room),
        now_playing=now_playing_of(room, now),
        queue=ordered_queue(db, room.id),
        members=present_in(db, room.id),
        chat=recent_lines(db, room.id),
        skip_votes=votes,
        skip_needed=needed,
        player=player_status(room),
    )


# What each kind of change (see `tx.room_action`) can alter besides the room row
# itself; a kind not listed here re-reads everything.
_PARTS_OF_KIND: dict[str, frozenset[str]] = {
    "queue": frozenset({"queue"}),
    "chat": frozenset({"chat"}),
    "members": frozenset({"members", "queue"}),  # a removed person's tracks leave the queue
}


def _updated(db: Session, room: PartyRoom, previous: RoomSnapshot, parts: frozenset[str], now: datetime) -> RoomSnapshot:
    """`previous` with the room row and `parts` read again (the rest cannot have changed)."""
    assert room.id is not None
    votes, needed = (previous.skip_votes, previous.skip_needed)
    if "members" in parts:
        votes, needed = skip_tally(db, room) if room.started_at is not None else (0, 0)
    return replace(
        previous,
        version=room.version,
        at=now,
        room=_room_info(room),
        now_playing=now_playing_of(room, now),
        queue=ordered_queue(db, room.id) if "queue" in parts else previous.queue,
        members=present_in(db, room.id) if "members" in parts else previous.members,
        chat=recent_lines(db, room.id) if "chat" in parts else previous.chat,
        skip_votes=votes,
        skip_needed=needed,
        player=player_status(room),
    )


def snapshot_after(
    db: Session, room: PartyRoom, previous: RoomSnapshot | None, kinds: Collection[str], now: datetime | None = None
) -> RoomSnapshot:
    """`room`'s snapshot after changes of these `kinds`, given the one before them, in `db`'s transaction.

    A vote re-reads the queue, a chat line the chat, a join the members (and the
    queue), each with the room row: not the whole room. Without a previous
    snapshot, or for any other kind (playback, room settings), everything is read.
    """
    now = now or utcnow()
    parts: frozenset[str] = frozenset().union(*(_PARTS_OF_KIND.get(k, frozenset({"*"})) for k in kinds)) if kinds else frozenset({"*"})
    if previous is None or "*" in parts or previous.room.code != room.code:
        return _snapshot(db, room, now)
    return _updated(db, room, previous, parts, now)


def next_snapshot(
    code: str, previous: RoomSnapshot | None, kinds: Collection[str], now: datetime | None = None
) -> RoomSnapshot:
    """The room's snapshot after changes of these `kinds`, read in a transaction of its own
    (see `snapshot_after`)."""
    return run_in_transaction(lambda db: snapshot_after(db, load_room(db, code), previous, kinds, now), read_only=True)


def _viewer(db: Session, room: PartyRoom, viewer: Identity) -> ViewerState:
    assert room.id is not None
    member = require_member(db, room, viewer)
    assert member.id is not None
    return ViewerState(
        member_id=member.id,
        display_name=member.display_name,
        role=member.role,
        is_guest=member.user_id is None,
        permissions=Permissions.of(room, member),
        my_votes=my_votes(db, room.id, member.id),
        my_queued=queued_count(db, room.id, member.id),
        skip_voted=room.started_at is not None and my_skip_vote(db, room, member.id),
    )


def room_snapshot(code: str, now: datetime | None = None) -> RoomSnapshot:
    """The shared part of the room's view (compute once per change for everyone)."""
    now = now or utcnow()
    return run_in_transaction(lambda db: _snapshot(db, load_room(db, code), now), read_only=True)


def viewer_state(code: str, viewer: Identity) -> ViewerState:
    """The private part of the room's view for one person."""
    return run_in_transaction(lambda db: _viewer(db, load_room(db, code), viewer), read_only=True)


def room_view(code: str, viewer: Identity, now: datetime | None = None) -> RoomView:
    """Everything the room page shows to `viewer`, read in one transaction.

    Only members see a room: a viewer who never joined gets `NotAMember` (show
    the join screen with `room_preview`), one the host removed `MemberRemoved`,
    a missing room `RoomNotFound`. An ended room still shows, with
    `room.ended` set and no permissions.
    """
    now = now or utcnow()

    def unit(db: Session) -> RoomView:
        room = load_room(db, code)
        return RoomView(_snapshot(db, room, now), _viewer(db, room, viewer))

    return run_in_transaction(unit, read_only=True)
