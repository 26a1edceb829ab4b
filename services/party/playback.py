"""Now playing, auto-play, the fallback playlist, pause/resume and vote-to-skip.

The room's clock is stored (`started_at`, `paused_at`, duration); whether a track
has ended is a pure function of it and an injected `now` (see `clock`). With the
demo source this clock *is* the player; with live Spotify `player.drive_host_device`
makes the host's device follow the same clock, and the web layer calls
`advance_if_ended` when a track ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from services.db import as_utc, utcnow
from services.party import clock, roles
from services.party.errors import InvalidInput
from services.party.models import PartyFallbackTrack, PartyMember, PartyQueueItem, PartyRoom, PartySkipVote
from services.party.queue import ordered_queue
from services.party.tx import load_room, require_member, require_open, room_action, run_in_transaction
from services.party.types import Identity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NowPlaying:
    """The track playing in a room and where its clock stands at `now`."""

    play_seq: int
    source: str  # queue | fallback
    item_id: int | None
    track_id: str
    title: str
    artists: str
    image_url: str
    duration_ms: int
    added_by_name: str
    started_at: datetime
    paused: bool
    position_ms: int
    ends_at: datetime | None

    @property
    def progress(self) -> float:
        """0..1 for a progress bar."""
        return self.position_ms / self.duration_ms if self.duration_ms else 0.0


@dataclass(frozen=True)
class SkipTally:
    """Where a skip vote stands: votes, votes needed, whether it skipped, and whether
    the voter now has a vote on track `play_seq` (-1 once it was skipped)."""

    votes: int
    needed: int
    skipped: bool
    play_seq: int = field(default=-1, compare=False)
    mine: bool = field(default=False, compare=False)


def now_playing_of(room: PartyRoom, now: datetime) -> NowPlaying | None:
    """The room's now-playing at `now`, or None when idle."""
    started = as_utc(room.started_at)
    if started is None or not room.current_source:
        return None
    paused = as_utc(room.paused_at)
    return NowPlaying(
        play_seq=room.play_seq,
        source=room.current_source,
        item_id=room.current_item_id,
        track_id=room.current_track_id,
        title=room.current_title,
        artists=room.current_artists,
        image_url=room.current_image_url,
        duration_ms=room.current_duration_ms,
        added_by_name=room.current_added_by,
        started_at=started,
        paused=paused is not None,
        position_ms=clock.position_ms(started, paused, room.current_duration_ms, now),
        ends_at=clock.ends_at(started, paused, room.current_duration_ms),
    )


def _has_waiting(db: Session, room_id: int) -> bool:
    return (
        db.exec(
            select(PartyQueueItem.id).where(PartyQueueItem.room_id == room_id, PartyQueueItem.status == "queued")
        ).first()
        is not None
    )


def _due(db: Session, room: PartyRoom, now: datetime) -> bool:
    """The current track has ended, or the room is idle and something is waiting."""
    if room.ended_at is not None:
        return False
    started = as_utc(room.started_at)
    if started is None:
        assert room.id is not None
        return _has_waiting(db, room.id)
    return clock.has_ended(started, as_utc(room.paused_at), room.current_duration_ms, now)


def _advance(db: Session, room: PartyRoom, now: datetime, on_time: bool) -> None:
    """Finish the current track and start the next: top of the queue, else the fallback, else idle.

    `on_time` (a natural end) starts the next track at the old end when we are
    within the grace period, so the clock does not drift with the ticker's delay.
    """
    assert room.id is not None
    previous_end = clock.ends_at(as_utc(room.started_at), as_utc(room.paused_at), room.current_duration_ms)
    if room.current_item_id is not None:
        current = db.get(PartyQueueItem, room.current_item_id)
        if current is not None and current.status == "playing":
            current.status, current.finished_at = "played", now
            db.add(current)
    start = clock.next_start(previous_end, now) if on_time else now
    room.play_seq += 1
    room.paused_at = None
    top = ordered_queue(db, room.id, limit=1)
    if top:
        item = db.get(PartyQueueItem, top[0].id)
        assert item is not None
        item.status, item.pin_rank = "playing", None
        db.add(item)
        _set_current(room, "queue", item.id, item.track_id, item.title, item.artists, item.image_url, item.duration_ms, item.added_by_name, start)
    else:
        total = int(db.exec(select(func.count()).select_from(PartyFallbackTrack).where(PartyFallbackTrack.room_id == room.id)).one())
        if total:
            pick = db.exec(
                select(PartyFallbackTrack)
                .where(PartyFallbackTrack.room_id == room.id)
                .order_by(col(PartyFallbackTrack.position))
                .offset(room.fallback_cursor % total)
                .limit(1)
            ).one()
            room.fallback_cursor = (room.fallback_cursor % total) + 1
            _set_current(room, "fallback", None, pick.track_id, pick.title, pick.artists, pick.image_url, pick.duration_ms, "", start)
        else:
            _set_current(room, "", None, "", "", "", "", 0, "", None)
    db.exec(delete(PartySkipVote).where(col(PartySkipVote.room_id) == room.id))  # type: ignore[call-overload]
    db.add(room)


def _set_current(
    room: PartyRoom,
    source: str,
    item_id: int | None,
    track_id: str,
    title: str,
    artists: str,
    image_url: str,
    duration_ms: int,
    added_by: str,
    started_at: datetime | None,
) -> None:
    room.current_source, room.current_item_id, room.current_track_id = source, item_id, track_id
    room.current_title, room.current_artists, room.current_image_url = title, artists, image_url
    room.current_duration_ms, room.current_added_by, room.started_at = duration_ms, added_by, started_at


def advance_if_ended(code: str, now: datetime | None = None) -> bool:
    """Auto-play: when the current track has ended (or the room is idle and a track
    waits), start the next one. Returns whether it advanced.

    A cheap unlocked check first, so calling this every second costs one read;
    then the room is locked and checked again, so two callers never both advance.
    """
    now = now or utcnow()
    if not run_in_transaction(lambda db: _due(db, load_room(db, code), now)):
        return False

    def work(db: Session, room: PartyRoom) -> bool:
        if not _due(db, room, now):
            return False
        _advance(db, room, now, on_time=room.started_at is not None)
        return True

    return room_action(code, "playback", work)


def advance_due_rooms(now: datetime | None = None) -> list[str]:
    """Advance every open room whose track has ended; one bad room never stops the rest."""
    now = now or utcnow()

    def candidates(db: Session) -> list[str]:
        waiting = (
            select(PartyQueueItem.id)
            .where(PartyQueueItem.room_id == PartyRoom.id, PartyQueueItem.status == "queued")
            .exists()
        )
        rows = db.exec(
            select(PartyRoom.code).where(
                col(PartyRoom.ended_at).is_(None),
                col(PartyRoom.paused_at).is_(None),
                or_(col(PartyRoom.started_at).is_not(None), waiting),
            )
        ).all()
        return list(rows)

    advanced = []
    for code in run_in_transaction(candidates):
        try:
            if advance_if_ended(code, now):
                advanced.append(code)
        except Exception:
            log.exception("party: auto-play failed for room %s", code)
    return advanced


def skip_now(code: str, who: Identity, now: datetime | None = None) -> None:
    """Host or co-host: skip to the next track at once."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "control_playback")
        _advance(db, room, now, on_time=False)

    room_action(code, "playback", work)


def pause(code: str, who: Identity, now: datetime | None = None) -> None:
    """Host or co-host: stop the clock where it is."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "control_playback")
        if room.started_at is None:
            raise InvalidInput("Nothing is playing.")
        if room.paused_at is None:
            room.paused_at = now
            db.add(room)

    room_action(code, "playback", work)


def resume(code: str, who: Identity, now: datetime | None = None) -> None:
    """Host or co-host: carry on from where the track was paused."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "control_playback")
        started, paused = as_utc(room.started_at), as_utc(room.paused_at)
        if started is not None and paused is not None:
            room.started_at, room.paused_at = clock.resumed_start(started, paused, now), None
            db.add(room)

    room_action(code, "playback", work)


# Built once (see `tx`): every join and leave counts them.
_PRESENT_COUNT = (
    select(func.count())
    .select_from(PartyMember)
    .where(col(PartyMember.room_id) == bindparam("room_id"), col(PartyMember.connected), col(PartyMember.removed_at).is_(None))
)
_SKIP_VOTES = (
    select(func.count())
    .select_from(PartySkipVote)
    .join(PartyMember, col(PartyMember.id) == PartySkipVote.member_id)
    .where(
        col(PartySkipVote.room_id) == bindparam("room_id"),
        col(PartySkipVote.play_seq) == bindparam("play_seq"),
        col(PartyMember.connected),
        col(PartyMember.removed_at).is_(None),
    )
)


def skip_tally(db: Session, room: PartyRoom) -> tuple[int, int]:
    """(votes from people present, votes needed) for the track playing now."""
    present = int(db.exec(_PRESENT_COUNT, params={"room_id": room.id}).one())
    votes = int(db.exec(_SKIP_VOTES, params={"room_id": room.id, "play_seq": room.play_seq}).one())
    return votes, clock.skip_votes_needed(present, room.skip_threshold)


def vote_skip(code: str, who: Identity, now: datetime | None = None, withdraw: bool | None = False) -> SkipTally:
    """Vote to skip the track playing now (or withdraw the vote; `withdraw=None`:
    withdraw if this person already voted, else vote — the page's one button).

    When votes from people present pass the room's threshold (more than half by
    default), the next track starts at once.
    """
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> SkipTally:
        require_open(room)
        member = require_member(db, room, who)
        if room.started_at is None:
            raise InvalidInput("Nothing is playing, so there is nothing to skip.")
        assert member.id is not None
        drop = my_skip_vote(db, room, member.id) if withdraw is None else withdraw
        if drop:
            db.exec(  # type: ignore[call-overload]
                delete(PartySkipVote).where(
                    col(PartySkipVote.room_id) == room.id,
                    col(PartySkipVote.play_seq) == room.play_seq,
                    col(PartySkipVote.member_id) == member.id,
                )
            )
        else:
            insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
            db.exec(  # type: ignore[call-overload]
                insert(PartySkipVote)
                .values(room_id=room.id, play_seq=room.play_seq, member_id=member.id, voted_at=now)
                .on_conflict_do_nothing(index_elements=["room_id", "play_seq", "member_id"])
            )
        votes, needed = skip_tally(db, room)
        if not drop and votes >= needed:
            _advance(db, room, now, on_time=False)
            return SkipTally(votes, needed, True)
        return SkipTally(votes, needed, False, room.play_seq, not drop)

    return room_action(code, "playback", work)


def my_skip_vote(db: Session, room: PartyRoom, member_id: int) -> bool:
    """Whether the member voted to skip the track playing now."""
    return (
        db.exec(
            select(PartySkipVote.id).where(
                PartySkipVote.room_id == room.id,
                PartySkipVote.play_seq == room.play_seq,
                PartySkipVote.member_id == member_id,
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class PlayedTrack:
    """A track the room has played (for "recently played" and as suggestion seeds)."""

    track_id: str
    title: str
    artists: str
    image_url: str
    added_by_name: str
    finished_at: datetime | None


def recently_played(code: str, limit: int = 20) -> list[PlayedTrack]:
    """Queue tracks the room played, newest first; with the queue, the seeds for
    "suggested next" from the MusicSource."""

    def unit(db: Session) -> list[PlayedTrack]:
        room = load_room(db, code)
        rows = db.exec(
            select(PartyQueueItem)
            .where(PartyQueueItem.room_id == room.id, PartyQueueItem.status == "played")
            .order_by(col(PartyQueueItem.finished_at).desc(), col(PartyQueueItem.id).desc())
            .limit(limit)
        ).all()
        return [
            PlayedTrack(r.track_id, r.title, r.artists, r.image_url, r.added_by_name, as_utc(r.finished_at))
            for r in rows
        ]

    return run_in_transaction(unit)
