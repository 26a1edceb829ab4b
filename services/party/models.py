"""Tables of the party room: rooms, members, the queue, votes, skip votes, chat.

Everything a room needs to carry on after a restart lives here; the web layer
holds only copies. Timestamps are stored as timezone-aware UTC (PostgreSQL
`timestamptz`; SQLite hands them back naive, read them through `as_utc`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.db import utcnow

_TZ = DateTime(timezone=True)


class PartyRoom(SQLModel, table=True):
    """A room, its settings and its playback clock.

    `version` grows by one with every change so clients can drop stale views;
    every write action starts by bumping it, which also serialises the room's
    writers (row lock on PostgreSQL, the write lock on SQLite).
    """

    __tablename__ = "party_room"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=12)
    name: str = Field(max_length=80)
    host_user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    locked: bool = Field(default=False)
    ended_at: datetime | None = Field(default=None, sa_type=_TZ)
    version: int = Field(default=1)

    # Settings
    add_policy: str = Field(default="everyone", max_length=20)  # everyone | signed_in | hosts
    queue_limit: int = Field(default=5)  # queued items per person; 0 = no limit
    skip_threshold: float = Field(default=0.5)  # a share of the people present, so it scales with the room
    ban_minutes: int = Field(default=60)  # how long a removed person stays out; 0 = until the party ends
    add_cooldown_s: int = Field(default=0)  # seconds a listener waits between two adds; 0 = none
    passcode: str = Field(default="", max_length=20)  # "" = none; newcomers must give it to join
    fallback_playlist_id: str | None = Field(default=None, max_length=200)
    fallback_cursor: int = Field(default=0)

    # Now playing (denormalised so the clock never needs the catalog)
    play_seq: int = Field(default=0)
    current_item_id: int | None = Field(default=None)
    current_source: str = Field(default="", max_length=20)  # "" | queue | fallback
    current_track_id: str = Field(default="", max_length=200)
    current_title: str = Field(default="", max_length=300)
    current_artists: str = Field(default="", max_length=300)
    current_image_url: str = Field(default="", max_length=1000)
    current_duration_ms: int = Field(default=0)
    current_added_by: str = Field(default="", max_length=80)
    started_at: datetime | None = Field(default=None, sa_type=_TZ)
    paused_at: datetime | None = Field(default=None, sa_type=_TZ)

    # The host's Spotify device as the driver last left it (see `player`); stored so
    # two workers or a restart never start the same play twice.
    device_seq: int = Field(default=0)  # the play_seq last sent (-1: send the current one again)
    device_paused: bool = Field(default=False)  # the last command sent was pause
    device_status: str = Field(default="", max_length=20)  # "" = not driven (demo clock); see `device`
    device_name: str = Field(default="", max_length=100)
    device_detail: str = Field(default="", max_length=300)  # Spotify's own words for the last failure
    device_sent_at: datetime | None = Field(default=None, sa_type=_TZ)  # last command sent
    device_checked_at: datetime | None = Field(default=None, sa_type=_TZ)  # last look at the host's player
    device_retry_at: datetime | None = Field(default=None, sa_type=_TZ)  # back-off: no retry before
    device_failures: int = Field(default=0)  # failures in a row, for the back-off
    device_lease_until: datetime | None = Field(default=None, sa_type=_TZ)  # a worker is talking to Spotify


class PartyMember(SQLModel, table=True):
    """Someone in a room: a signed-in user or a guest known by a server-made key."""

    __tablename__ = "party_member"
    __table_args__ = (
        UniqueConstraint("room_id", "user_id", name="uq_party_member_user"),
        UniqueConstraint("room_id", "guest_key", name="uq_party_member_guest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="party_room.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="CASCADE")
    guest_key: str | None = Field(default=None, max_length=64)
    display_name: str = Field(max_length=40)
    role: str = Field(default="listener", max_length=10)  # host | cohost | listener
    joined_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    connected: bool = Field(default=True)
    removed_at: datetime | None = Field(default=None, sa_type=_TZ)
    # Removed people stay out until then (None while removed: until the party ends).
    banned_until: datetime | None = Field(default=None, sa_type=_TZ)


class PartyQueueItem(SQLModel, table=True):
    """A track somebody queued; track details are copied so the room needs no catalog."""

    __tablename__ = "party_queue_item"
    __table_args__ = (Index("ix_party_queue_item_room_status", "room_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="party_room.id", index=True, ondelete="CASCADE")
    track_id: str = Field(max_length=200)
    title: str = Field(max_length=300)
    artists: str = Field(default="", max_length=300)
    image_url: str = Field(default="", max_length=1000)
    duration_ms: int = Field(default=0)
    added_by_member_id: int | None = Field(
        default=None, foreign_key="party_member.id", index=True, ondelete="SET NULL"
    )
    added_by_name: str = Field(default="", max_length=40)
    added_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    status: str = Field(default="queued", max_length=10)  # queued | playing | played | removed
    pin_rank: int | None = Field(default=None)  # set = pinned; lower plays first
    finished_at: datetime | None = Field(default=None, sa_type=_TZ)


class PartyVote(SQLModel, table=True):
    """One person's vote on one queue item; the unique key makes a second vote impossible."""

    __tablename__ = "party_vote"
    __table_args__ = (UniqueConstraint("item_id", "member_id", name="uq_party_vote"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="party_queue_item.id", index=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="party_member.id", index=True, ondelete="CASCADE")
    value: int  # +1 or -1
    voted_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class PartySkipVote(SQLModel, table=True):
    """A vote to skip the track now playing (`play_seq` names the play)."""

    __tablename__ = "party_skip_vote"
    __table_args__ = (UniqueConstraint("room_id", "play_seq", "member_id", name="uq_party_skip_vote"),)

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="party_room.id", index=True, ondelete="CASCADE")
    play_seq: int
    member_id: int = Field(foreign_key="party_member.id", ondelete="CASCADE")
    voted_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class PartyChatMessage(SQLModel, table=True):
    """A chat line: plain text, author name copied so it survives the member."""

    __tablename__ = "party_chat_message"

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="party_room.id", index=True, ondelete="CASCADE")
    member_id: int | None = Field(default=None, foreign_key="party_member.id", ondelete="SET NULL")
    author_name: str = Field(max_length=40)
    text: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ, index=True)
    deleted_at: datetime | None = Field(default=None, sa_type=_TZ)


class PartyFallbackTrack(SQLModel, table=True):
    """A snapshot of the fallback playlist, played in turn when the queue runs dry."""

    __tablename__ = "party_fallback_track"

    id: int | None = Field(default=None, primary_key=True)
    room_id: int = Field(foreign_key="party_room.id", index=True, ondelete="CASCADE")
    position: int
    track_id: str = Field(max_length=200)
    title: str = Field(max_length=300)
    artists: str = Field(default="", max_length=300)
    image_url: str = Field(default="", max_length=1000)
    duration_ms: int = Field(default=0)
