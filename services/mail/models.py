"""The table of every email the app sent or, offline, would have sent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class Outbox(SQLModel, table=True):
    """Every email the app sent or, offline, would have sent (shown at /releases/outbox)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    to: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    html: str = ""
    text: str = ""
    headers: str = Field(default="", max_length=2000)  # "Name: value" lines
    created_at: datetime = Field(default_factory=utcnow, index=True)
    sent_via: str = Field(default="outbox", max_length=10)  # outbox | smtp
