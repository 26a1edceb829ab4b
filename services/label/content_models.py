"""Tables of the content studio: posts scheduled for TikTok, YouTube Shorts or Instagram Reels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from services.db import utcnow


class ScheduledPost(SQLModel, table=True):
    """One planned post: when (stored in UTC, with the person's time zone to show it in),
    where, and what it says. The due job moves `status` from scheduled to due and notes
    when the person was told."""

    __tablename__ = "label_scheduled_post"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="label_project.id", index=True, ondelete="CASCADE")
    video_asset_id: int | None = Field(default=None, foreign_key="label_asset.id", ondelete="SET NULL")
    platform: str = Field(max_length=20)  # tiktok | shorts | reels
    scheduled_at: datetime = Field(index=True)  # UTC
    timezone: str = Field(default="UTC", max_length=64)
    caption: str = Field(default="", max_length=2200)
    hashtags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="scheduled", max_length=12, index=True)  # scheduled | due | cancelled
    notified_at: datetime | None = None
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
