"""The shared queue: adding tracks, up/down votes, and the host's pin, move and remove.

Order: pinned items first (in the host's order), then by score (ups minus downs,
summed from the vote rows), then fairly on a tie (the person who has had fewer
turns first), then by time added. A vote is one row per person per
item, kept unique by the database; changing it rewrites that row, withdrawing it
deletes the row, so counts are always exact however many people vote at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from services.db import as_utc, utcnow
from services.formatting import seconds
from services.party import roles
from services.party.errors import InvalidInput, ItemGone, QueueLimitReached
from services.party.models import PartyQueueItem, PartyRoom, PartyVote
from services.party.tx import require_member, require_open, room_action
from services.party.types import Identity, TrackRef


@dataclass(frozen=True)
class QueueEntry:
    """One waiting track as every page shows it."""

    id: int
    position: int
    track_id: str
    title: str
    artists: str
    image_url: str
    duration_ms: int
    up: int
    down: int
    score: int
    pinned: bool
    added_by_member_id: int | None
    added_by_name: str
    added_at: datetime


_UP = func.coalesce(func.sum(case((PartyVote.value > 0, 1), else_=0)), 0)
_DOWN = func.coalesce(func.sum(case((PartyVote.value < 0, 1), else_=0)), 0)


_QUEUE = (  # built once (see `tx`): every vote reads it
    select(PartyQueueItem, _UP.label("up"), _DOWN.label("down"))
    .outerjoin(PartyVote, col(PartyVote.item_id) == PartyQueueItem.id)
    .where(col(PartyQueueItem.room_id) == bindparam("room_id"), PartyQueueItem.status == "queued")
    .group_by(col(PartyQueueItem.id))
    .order_by(
        case((col(PartyQueueItem.pin_rank).is_(None), 1), else_=0),
        col(PartyQueueItem.pin_rank),
        (_UP - _DOWN).desc(),
        col(PartyQueueItem.added_at),
        col(PartyQueueItem.id),
    )
)
_VOTE_SUM = select(func.coalesce(func.sum(PartyVote.value), 0)).where(col(PartyVote.item_id) == bindparam("item_id"))
_VOTE_DELETE = (  # no vote rows are loaded in a vote's session: nothing to synchronise
    delete(PartyVote)
    .where(col(PartyVote.item_id) == bindparam("item_id"), col(PartyVote.member_id) == bindparam("member_id"))
    .execution_options(synchronize_session=False)
)


def _vote_upsert(insert: Callable[..., Any]) -> Any:
    """Insert a vote, or change the person's vote on that item (the unique key), in one statement."""
    values = {
        name: bindparam(f"v_{name}", type_=col(getattr(PartyVote, name)).type)
        for name in ("item_id", "member_id", "value", "voted_at")
    }
    stmt = insert(PartyVote).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=["item_id", "member_id"], set_={"value": stmt.excluded.value, "voted_at": stmt.excluded.voted_at}
    )


_VOTE_UPSERT = {"postgresql": _vote_upsert(pg_insert), "sqlite": _vote_upsert(sqlite_insert)}


_TURNS = (  # how many tracks each person has had played (or playing) in the room
    select(PartyQueueItem.added_by_member_id, func.count())
    .where(col(PartyQueueItem.room_id) == bindparam("room_id"), col(PartyQueueItem.status).in_(("played", "playing")))
    .group_by(col(PartyQueueItem.added_by_member_id))
)


def _fair(rows: list[Any], turns: dict[int | None, int]) -> list[Any]:
    """Ties broken fairly: among unpinned tracks with the same score, the person who has
    had fewer turns goes first (a track already waiting counts as a turn to come), then
    the earlier add. One person queueing five tracks no longer holds off a newcomer."""
    out: list[Any] = []
    start = 0
    while start < len(rows):
        item, up, down = rows[start]
        end = start + 1
        if item.pin_rank is None:
            while end < len(rows) and rows[end][0].pin_rank is None and rows[end][1] - rows[end][2] == up - down:
                end += 1
        group, seen = rows[start:end], dict(turns)
        keyed = []
        for row in group:  # already in add order
            adder = row[0].added_by_member_id
            keyed.append((seen.get(adder, 0), len(keyed), row))
            seen[adder] = seen.get(adder, 0) + 1
        out += [row for _, _, row in sorted(keyed, key=lambda k: (k[0], k[1]))]
        start = end
    return out


def ordered_queue(db: Session, room_id: int, limit: int | None = None) -> list[QueueEntry]:
    """The room's waiting tracks in play order, with vote counts (ties broken by `_fair`)."""
    rows = list(db.exec(_QUEUE, params={"room_id": room_id}).all())
    if len(rows) > 1:
        turns = {member: int(count) for member, count in db.exec(_TURNS, params={"room_id": room_id}).all()}
        rows = _fair(rows, turns)
    if limit is not None:
        rows = rows[:limit]
    entries = []
    for position, (item, up, down) in enumerate(rows):
        assert item.id is not None
        entries.append(
            QueueEntry(
                id=item.id,
                position=position,
                track_id=item.track_id,
                title=item.title,
                artists=item.artists,
                image_url=item.image_url,
                duration_ms=item.duration_ms,
                up=int(up),
                down=int(down),
                score=int(up) - int(down),
                pinned=item.pin_rank is not None,
                added_by_member_id=item.added_by_member_id,
                added_by_name=item.added_by_name,
                added_at=as_utc(item.added_at) or item.added_at,
            )
        )
    return entries


def queued_count(db: Session, room_id: int, member_id: int) -> int:
    """How many of this member's tracks are still waiting."""
    return int(
        db.exec(
            select(func.count())
            .select_from(PartyQueueItem)
            .where(
                PartyQueueItem.room_id == room_id,
                PartyQueueItem.added_by_member_id == member_id,
                PartyQueueItem.status == "queued",
            )
        ).one()
    )


def add_to_queue(code: str, who: Identity, track: TrackRef, now: datetime | None = None) -> int:
    """Queue a track (when the add policy allows and the person is under their limit).

    Returns the new item's id. The same track may not wait twice in the queue.
    """
    if not track.track_id or not track.title.strip():
        raise InvalidInput("That track has no id or title.")
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> int:
        require_open(room)
        member = require_member(db, room, who)
        roles.require_add(room, member)
        assert room.id is not None and member.id is not None
        if room.queue_limit and member.role == roles.LISTENER:
            if queued_count(db, room.id, member.id) >= room.queue_limit:
                raise QueueLimitReached(
                    f"You already have {room.queue_limit} tracks waiting; add more once one has played."
                )
        if room.add_cooldown_s and member.role == roles.LISTENER:
            _check_cooldown(db, room, member.id, now)
        waiting = db.exec(
            select(PartyQueueItem.id).where(
                PartyQueueItem.room_id == room.id,
                PartyQueueItem.track_id == track.track_id,
                PartyQueueItem.status == "queued",
            )
        ).first()
        if waiting is not None:
            raise InvalidInput(f"“{track.title}” is already in the queue: vote for it instead.")
        item = PartyQueueItem(
            room_id=room.id,
            track_id=track.track_id,
            title=track.title.strip()[:300],
            artists=track.artists[:300],
            image_url=track.image_url[:1000],
            duration_ms=max(0, track.duration_ms),
            added_by_member_id=member.id,
            added_by_name=member.display_name,
            added_at=now,
        )
        db.add(item)
        db.flush()
        assert item.id is not None
        return item.id

    return room_action(code, "queue", work)


def _check_cooldown(db: Session, room: PartyRoom, member_id: int, now: datetime) -> None:
    """A listener waits the room's `add_cooldown_s` between two adds (the host's rule)."""
    last = as_utc(db.exec(
        select(func.max(PartyQueueItem.added_at)).where(
            PartyQueueItem.room_id == room.id, PartyQueueItem.added_by_member_id == member_id
        )
    ).one())
    if last is None:
        return
    wait = int(room.add_cooldown_s - (now - last).total_seconds() + 0.999)
    if wait > 0:
        raise QueueLimitReached(f"The host asks for a pause between adds: try again in {seconds(wait, digits=0)}.")


def _queued_item(db: Session, room: PartyRoom, item_id: int) -> PartyQueueItem:
    item = db.get(PartyQueueItem, item_id)
    if item is None or item.room_id != room.id:
        raise ItemGone("That track is not in this room's queue.")
    if item.status == "removed":
        raise ItemGone(f"“{item.title}” was removed from the queue.")
    if item.status != "queued":
        raise ItemGone(f"“{item.title}” has already played or is playing now.")
    return item


def vote(code: str, who: Identity, item_id: int, value: int, now: datetime | None = None) -> int:
    """Vote +1 or -1 on a waiting item, or 0 to withdraw; returns the item's new score.

    One vote per person per item: voting again changes the vote (an insert that
    turns into an update on the unique key, atomically, in the database).
    """
    if value not in (-1, 0, 1):
        raise InvalidInput("A vote is up (+1), down (-1) or withdrawn (0).")
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> int:
        require_open(room)
        member = require_member(db, room, who)
        _queued_item(db, room, item_id)
        if value == 0:
            db.exec(_VOTE_DELETE, params={"item_id": item_id, "member_id": member.id})  # type: ignore[call-overload]
        else:
            params = {"v_item_id": item_id, "v_member_id": member.id, "v_value": value, "v_voted_at": now}
            upsert = _VOTE_UPSERT["postgresql" if db.get_bind().dialect.name == "postgresql" else "sqlite"]
            db.exec(upsert, params=params)  # type: ignore[call-overload]
        return int(db.exec(_VOTE_SUM, params={"item_id": item_id}).one())

    return room_action(code, "queue", work)


def my_votes(db: Session, room_id: int, member_id: int) -> dict[int, int]:
    """The member's votes on the room's waiting items: item id -> +1 or -1."""
    rows = db.exec(
        select(PartyVote.item_id, PartyVote.value)
        .join(PartyQueueItem, col(PartyQueueItem.id) == PartyVote.item_id)
        .where(PartyQueueItem.room_id == room_id, PartyQueueItem.status == "queued", PartyVote.member_id == member_id)
    ).all()
    return {int(item_id): int(value) for item_id, value in rows}


def remove_item(code: str, who: Identity, item_id: int, now: datetime | None = None) -> None:
    """Take a waiting track out of the queue: host or co-host, or whoever added it."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        member = require_member(db, room, who)
        item = _queued_item(db, room, item_id)
        if item.added_by_member_id != member.id:
            roles.require(member, "remove_item")
        item.status, item.finished_at, item.pin_rank = "removed", now, None
        db.add(item)

    room_action(code, "queue", work)


def pin_item(code: str, who: Identity, item_id: int, pinned: bool = True) -> None:
    """Host or co-host: pin an item (after the pinned ones) above all voted items, or unpin it."""

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "pin")
        item = _queued_item(db, room, item_id)
        if pinned and item.pin_rank is None:
            top = db.exec(
                select(func.max(PartyQueueItem.pin_rank)).where(
                    PartyQueueItem.room_id == room.id, PartyQueueItem.status == "queued"
                )
            ).one()
            item.pin_rank = (top if top is not None else -1) + 1
        elif not pinned:
            item.pin_rank = None
        db.add(item)

    room_action(code, "queue", work)


def move_item(code: str, who: Identity, item_id: int, to_index: int) -> None:
    """Host or co-host: put an item at `to_index` of the queue.

    Everything above it, and the item itself, becomes pinned in the order shown,
    so the host's order holds while votes keep sorting what lies below.
    """

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "move")
        _queued_item(db, room, item_id)
        assert room.id is not None
        full = ordered_queue(db, room.id)
        moved = next(entry for entry in full if entry.id == item_id)
        order = [entry for entry in full if entry.id != item_id]
        index = max(0, min(to_index, len(order)))
        order.insert(index, moved)
        items = {
            item.id: item
            for item in db.exec(
                select(PartyQueueItem).where(PartyQueueItem.room_id == room.id, PartyQueueItem.status == "queued")
            ).all()
        }
        for rank, entry in enumerate(order):
            item = items[entry.id]
            item.pin_rank = rank if (rank <= index or entry.pinned) else None
            db.add(item)

    room_action(code, "queue", work)

