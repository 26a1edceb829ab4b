"""Tables of accounts: people, their server-side sessions, failed sign-ins, emailed links."""

from __future__ import annotations

from datetime import datetime

from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel, UniqueConstraint

from services.db import utcnow


class User(SQLModel, table=True):
    """A person with an account; `is_demo` marks a per-visitor demo account (expires
    after `DEMO_EXPIRY_DAYS` without activity; `last_active_at` follows session use)."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=254)
    display_name: str = Field(max_length=80)
    password_hash: str = Field(max_length=255)
    is_demo: bool = Field(default=False)
    is_operator: bool = Field(default=False)  # runs instance-wide jobs (`python -m app.cli admin add`)
    created_at: datetime = Field(default_factory=utcnow)
    last_active_at: datetime = Field(default_factory=utcnow, index=True)
    # Role or plan changed at: sessions opened before it are rotated at the next page load.
    privileges_changed_at: datetime | None = None
    # When the person proved they read this address (a confirmation or reset link);
    # None until then: they may sign in, and a banner asks them to confirm.
    email_confirmed_at: datetime | None = None


class AuthSession(SQLModel, table=True):
    """A sign-in. Only the SHA-256 of the token is stored; the browser holds the token."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class SessionHandoff(SQLModel, table=True):
    """A one-time code (60 s) that an HTTP route trades for a session cookie, so the
    session token itself is only ever in an HttpOnly `Set-Cookie`. Stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    expires_at: datetime
    used_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in: for the backoff per address, per (account, address) and
    per account, and for the owner's notice."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    address: str = Field(index=True, max_length=64)
    at: datetime = Field(default_factory=utcnow, index=True)


class ApiToken(SQLModel, table=True):
    """A personal access token for `/api/v1`. Only the SHA-256 of the secret is stored
    (the account page shows the secret once); `scopes` is "area:read,area:write,…";
    `prefix` is the first characters, so a person can tell their tokens apart."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=60)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    prefix: str = Field(max_length=16)
    scopes: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ApiIdempotency(SQLModel, table=True):
    """The answer to a POST sent with an `Idempotency-Key`, kept a day so a retried
    request gets the same answer instead of creating the thing twice. `request_hash`
    catches a key reused for a different request."""

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int = 0  # 0 while the first request is still running
    body: str = Field(default="", max_length=200_000)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class EmailLink(SQLModel, table=True):
    """A single-use link sent by email: `confirm` (the address is the person's) or
    `reset` (set a new password). Only the SHA-256 of its token is stored; it expires."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=10)  # confirm | reset
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class ApiJob(SQLModel, table=True):
    """Long work started through `/api/v1` (a world build, a mix, a release pack): its
    status in the database, so any worker answers `GET /jobs/{id}` and a restart says
    the work was interrupted instead of forgetting it (`services.accounts.api_jobs`)."""

    __tablename__ = "api_job"

    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(max_length=20)  # the token scope area that may read it
    kind: str = Field(max_length=40)
    status: str = Field(default="running", max_length=10)  # running | done | failed
    percent: int = 0
    message: str = Field(default="", max_length=300)
    error: str = Field(default="", max_length=500)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)  # progress or heartbeat of a running job
