"""Tables of the Spotify connection: the connection, pending authorizations, the cache.

Tokens and the PKCE `code_verifier` are stored encrypted (see `crypto`); the OAuth
`state` is stored only as its SHA-256. Every cached item carries the `user_id` it
was fetched for, so disconnecting deletes all of it (Spotify policy).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from services.db import utcnow

CONNECTED = "connected"
RECONNECT_NEEDED = "reconnect_needed"


class SpotifyConnection(SQLModel, table=True):
    """One person's link to their Spotify account; `status` is connected or reconnect_needed."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True, index=True, ondelete="CASCADE")
    spotify_user_id: str = Field(default="", max_length=128)
    display_name: str = Field(default="", max_length=200)
    product: str = Field(default="", max_length=32)
    scopes: str = Field(default="", max_length=1000)
    access_token_enc: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    refresh_token_enc: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    expires_at: datetime | None = None
    token_lifetime_s: int = 3600  # `expires_in` of the last token: when to refresh depends on it
    status: str = Field(default=CONNECTED, max_length=32)
    connected_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SpotifyAuthRequest(SQLModel, table=True):
    """A started Connect: checked once on the callback, then marked used."""

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_verifier_enc: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    used: bool = Field(default=False)
    used_at: datetime | None = None


class SpotifyCacheItem(SQLModel, table=True):
    """A cached Spotify response (catalog object or per-user list) with its expiry."""

    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_spotifycacheitem_user_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=500)
    kind: str = Field(default="list", max_length=16)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
