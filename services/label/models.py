"""Tables of the label: a person's projects, the stage each one has reached, and
the media files (beats, vocal takes, mixes, masters) that belong to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.db import utcnow


class LabelProject(SQLModel, table=True):
    """One song on its way from beat to release; `data` holds the small per-stage
    settings (genre, mood, lyrics draft, mix parameters) the pages autosave."""

    __tablename__ = "label_project"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    current_stage: str = Field(default="beat", max_length=20)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class StageState(SQLModel, table=True):
    """Where one project stands on one stage of the timeline."""

    __tablename__ = "label_stage_state"
    __table_args__ = (UniqueConstraint("project_id", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="label_project.id", index=True, ondelete="CASCADE")
    stage: str = Field(max_length=20)
    status: str = Field(default="todo", max_length=12)  # todo | done
    completed_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Asset(SQLModel, table=True):
    """A file in a project's media folder; `file_name` is made by the server, the
    person's own name for it (if any) is kept in `label`."""

    __tablename__ = "label_asset"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="label_project.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20, index=True)  # beat | vocal | mix | master | master_mp3 | voice ...
    file_name: str = Field(max_length=200)
    label: str = Field(default="", max_length=200)
    mime: str = Field(default="application/octet-stream", max_length=60)
    size_bytes: int = 0
    duration_s: float = 0.0
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
