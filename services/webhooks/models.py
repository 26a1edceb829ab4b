"""Tables of outgoing webhooks: one endpoint per person, and its deliveries (the log)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class WebhookEndpoint(SQLModel, table=True):
    """Where a person's events go. The signing secret is stored encrypted (it must be read
    to sign); the account page shows it once, when the endpoint is set."""

    __tablename__ = "webhook_endpoint"

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    url: str = Field(max_length=500)
    secret: str = Field(max_length=500)  # Fernet ciphertext
    events: str = Field(max_length=200)  # "release.found,world.refreshed,…"
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint: pending until the receiver answers 2xx, retried with
    backoff, failed after the last attempt."""

    __tablename__ = "webhook_delivery"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    event: str = Field(max_length=40)
    payload: str = Field(max_length=100_000)
    status: str = Field(default="pending", max_length=12, index=True)  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default_factory=utcnow, index=True)
    last_status_code: int | None = None
    last_error: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None
