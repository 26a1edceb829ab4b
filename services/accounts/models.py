"""Tables of accounts: people, their server-side sessions, failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class User(SQLModel, table=True):
    """A person with an account; `is_demo` marks a per-visitor demo account (expires
    after `DEMO_EXPIRY_DAYS` without activity; `last_active_at` follows session use)."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    display_name: str = Field(max_length=80)
    password_hash: str = Field(max_length=255)
    is_demo: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    last_active_at: datetime = Field(default_factory=utcnow, index=True)


class AuthSession(SQLModel, table=True):
    """A sign-in. Only the SHA-256 of the token is stored; the browser holds the token."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, keyed by email or client address, for throttling."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=300)
    at: datetime = Field(default_factory=utcnow, index=True)
