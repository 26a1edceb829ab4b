"""Personal access tokens for `/api/v1`: made and revoked on the account page, shown once.

A token is `sbm_` + 40 random characters. Only its SHA-256 is stored (like sessions),
with the first characters (`prefix`) so the account page can tell tokens apart. A token
carries scopes, read or write per area (`worlds:write` includes `worlds:read`); the
API refuses a request whose scope is missing. `last_used_at` is written at most once
a minute per token, so a busy bot does not turn every read into a write.

    secret, info = api_tokens.create_token(user.id, "party bot", ["party:write"])
    auth = api_tokens.authenticate(secret)        # TokenAuth | None (revoked, expired, unknown)
    auth.allows("party", "write")
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, func, select

from services.accounts.models import ApiToken, User
from services.accounts.users import AccountError, UserInfo
from services.db import as_utc, session_scope, utcnow

AREAS: tuple[str, ...] = ("account", "worlds", "party", "releases", "events", "label")
LEVELS: tuple[str, ...] = ("read", "write")
PREFIX = "sbm_"
MAX_TOKENS = 20  # live tokens per account
NAME_MAX = 60
_TOUCH_EVERY = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """A token as the account page lists it (never the secret)."""

    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiToken) -> TokenInfo:
        assert row.id is not None
        return cls(row.id, row.name, row.prefix, tuple(s for s in row.scopes.split(",") if s),
                   as_utc(row.created_at) or utcnow(), as_utc(row.expires_at), as_utc(row.last_used_at),
                   as_utc(row.revoked_at))


@dataclass(frozen=True)
class TokenAuth:
    """Who a request's token speaks for, and what it may do."""

    user: UserInfo
    token_id: int
    scopes: frozenset[str]

    def allows(self, area: str, level: str) -> bool:
        """`write` includes `read` in the same area."""
        return f"{area}:{level}" in self.scopes or (level == "read" and f"{area}:write" in self.scopes)


def clean_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    """Known `area:level` scopes, deduplicated in a stable order; `AccountError` for others."""
    wanted = {s.strip().lower() for s in scopes if s and s.strip()}
    known = [f"{a}:{lvl}" for a in AREAS for lvl in LEVELS]
    unknown = wanted - set(known)
    if unknown:
        raise AccountError(f"Unknown scope: {', '.join(sorted(unknown))}.", "scopes")
    if not wanted:
        raise AccountError("Choose at least one area the token may read or write.", "scopes")
    return tuple(s for s in known if s in wanted)


def create_token(user_id: int, name: str, scopes: Iterable[str], *, expires_in_days: int | None = None,
                 now: datetime | None = None) -> tuple[str, TokenInfo]:
    """A new token; returns the secret (shown once, never stored) and what the page lists."""
    title = " ".join((name or "").split())[:NAME_MAX]
    if not title:
        raise AccountError("Give the token a name, e.g. “party bot”.", "name")
    chosen = clean_scopes(scopes)
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise AccountError("A token expires after 1 to 3650 days, or never.", "expires")
    now = now or utcnow()
    secret = PREFIX + secrets.token_urlsafe(30)
    with session_scope() as db:
        if db.get(User, user_id) is None:
            raise AccountError("Sign in to make a token.")
        live = db.exec(select(func.count()).select_from(ApiToken).where(
            ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))).one()
        if live >= MAX_TOKENS:
            raise AccountError(f"You have {MAX_TOKENS} tokens; revoke one you no longer use first.", "name")
        row = ApiToken(user_id=user_id, name=title, token_hash=_hash(secret), prefix=secret[:10],
                       scopes=",".join(chosen), created_at=now,
                       expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None)
        db.add(row)
        db.flush()
        return secret, TokenInfo.of(row)


def list_tokens(user_id: int) -> list[TokenInfo]:
    """The person's tokens, live ones first, newest first."""
    with session_scope() as db:
        rows = db.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                       .order_by(col(ApiToken.revoked_at).is_not(None), col(ApiToken.id).desc())).all()
        return [TokenInfo.of(r) for r in rows]


def revoke_token(user_id: int, token_id: int, now: datetime | None = None) -> bool:
    """Revoke one of the person's tokens (False for anyone else's or an unknown id)."""
    with session_scope() as db:
        row = db.get(ApiToken, token_id)
        if row is None or row.user_id != user_id:
            return False
        if row.revoked_at is None:
            row.revoked_at = now or utcnow()
            db.add(row)
        return True


def authenticate(secret: str, now: datetime | None = None) -> TokenAuth | None:
    """The token's person and scopes, or None for an unknown, revoked or expired token."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    now = now or utcnow()
    with session_scope() as db:
        row = db.exec(select(ApiToken).where(ApiToken.token_hash == _hash(secret))).first()
        if row is None or row.revoked_at is not None:
            return None
        expires = as_utc(row.expires_at)
        if expires is not None and expires <= now:
            return None
        user = db.get(User, row.user_id)
        if user is None:
            return None
        last = as_utc(row.last_used_at)
        if last is None or now - last >= _TOUCH_EVERY:
            row.last_used_at = now
            db.add(row)
        assert row.id is not None
        return TokenAuth(UserInfo.of(user), row.id, frozenset(s for s in row.scopes.split(",") if s))


@dataclass(frozen=True)
class TokenRow:
    """A token as the account page's list shows it."""

    id: int
    name: str
    prefix: str
    scopes: str  # "party: write · worlds: read"
    created: str  # "4 Dec 2026"
    last_used: str  # "3 min. ago" | "never"
    status: str  # "active" | "revoked" | "expired"


def token_rows(tokens: Iterable[TokenInfo], now: datetime | None = None) -> list[TokenRow]:
    """The page's rows (dates in words, through `services.formatting`)."""
    from services import formatting

    now = now or utcnow()
    rows = []
    for t in tokens:
        status = "revoked" if t.revoked_at else "expired" if t.expires_at and t.expires_at <= now else "active"
        rows.append(TokenRow(t.id, t.name, t.prefix + "…", " · ".join(s.replace(":", ": ") for s in t.scopes),
                             formatting.date(t.created_at), formatting.ago(t.last_used_at, now),
                             status))
    return rows
