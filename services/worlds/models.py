"""Tables of saved worlds: the world, its themed playlists, their tracks, and the refresh history.

Covers are not stored: they are drawn again from the world's palette and the
playlist's name (the same inputs always give the same picture).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.db import utcnow

CADENCES = ("weekly", "biweekly", "monthly", "off")


class World(SQLModel, table=True):
    """A person's world: the Composer's definition, the taste profile it was built from, the refresh plan."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    description: str = Field(default="", max_length=2000)
    source: str = Field(default="demo", max_length=20)  # demo | spotify: where its playlists are saved
    definition: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    palette: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    weights: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cadence: str = Field(default="weekly", max_length=10)  # one of CADENCES
    next_refresh_at: datetime | None = Field(default=None, index=True)
    last_refreshed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class WorldPlaylist(SQLModel, table=True):
    """One themed playlist of a world; `external_id` is the Spotify (or demo library) playlist it is saved as."""

    __table_args__ = (UniqueConstraint("world_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    world_id: int = Field(foreign_key="world.id", index=True, ondelete="CASCADE")
    position: int = 0
    name: str = Field(max_length=80)
    description: str = Field(default="", max_length=1000)
    intersection: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    external_id: str = Field(default="", max_length=100)
    saved_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class WorldTrack(SQLModel, table=True):
    """A track in a world playlist, with the score breakdown and the reason shown on the page."""

    __table_args__ = (UniqueConstraint("playlist_id", "track_id"),)

    id: int | None = Field(default=None, primary_key=True)
    playlist_id: int = Field(foreign_key="worldplaylist.id", index=True, ondelete="CASCADE")
    position: int = 0
    track_id: str = Field(max_length=100)
    title: str = Field(default="", max_length=300)
    artist_name: str = Field(default="", max_length=300)
    score: float = 0.0
    breakdown: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    why: str = Field(default="", max_length=500)
    added_at: datetime = Field(default_factory=utcnow)


class WorldRefresh(SQLModel, table=True):
    """One refresh of a world: when, who asked (the person or the schedule), how many tracks came and
    went, and which, per playlist. A row is written as the refresh starts (`status` "running"), so two
    clicks cannot both pass the plan's weekly limit."""

    id: int | None = Field(default=None, primary_key=True)
    world_id: int = Field(foreign_key="world.id", index=True, ondelete="CASCADE")
    ran_at: datetime = Field(default_factory=utcnow, index=True)
    trigger: str = Field(default="scheduled", max_length=10)  # manual | scheduled
    status: str = Field(default="done", max_length=10)  # running | done | failed
    ok: bool = True
    added: int = 0
    removed: int = 0
    details: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    error: str = Field(default="", max_length=500)


class WorldWizardDraft(SQLModel, table=True):
    """A person's "New world" wizard in progress (step, seeds, answers, the last build), kept across visits."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    step: int = 0
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
