"""Server-side sessions: random tokens, stored hashed, with expiry and revocation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, col, delete, select

from services.accounts.models import AuthSession, User
from services.config import get_settings
from services.db import as_utc, utcnow

# Refresh `last_seen_at` at most this often, so reads stay reads.
_TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(session: Session, user_id: int) -> str:
    """A new session for the user; returns the token the browser keeps."""
    token = secrets.token_urlsafe(32)
    days = get_settings().session_days
    session.add(
        AuthSession(token_hash=_hash(token), user_id=user_id, expires_at=utcnow() + timedelta(days=days))
    )
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The user of a live (unexpired, unrevoked) session, else None."""
    if not token or len(token) > 200:
        return None
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == _hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    expires_at = as_utc(row.expires_at)
    if expires_at is None or expires_at <= now:
        return None
    last_seen = as_utc(row.last_seen_at)
    user = session.get(User, row.user_id)
    if last_seen is None or now - last_seen > _TOUCH_EVERY:
        # At most one write per session per few minutes; it also keeps a demo account alive.
        row.last_seen_at = now
        session.add(row)
        if user is not None:
            user.last_active_at = now
            session.add(user)
    return user


def revoke_session(session: Session, token: str) -> bool:
    """Revoke one session (sign out); True when it existed and was live."""
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == _hash(token))).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.add(row)
    return True


def revoke_all_sessions(session: Session, user_id: int) -> int:
    """Sign a person out everywhere; returns how many sessions were revoked."""
    rows = session.exec(
        select(AuthSession).where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        session.add(row)
    return len(rows)


def purge_dead_sessions(session: Session) -> int:
    """Delete sessions that expired or were revoked more than a day ago."""
    cutoff = utcnow() - timedelta(days=1)
    dead = session.exec(
        select(AuthSession.id).where(
            (col(AuthSession.expires_at) < utcnow()) | (col(AuthSession.revoked_at) < cutoff)
        )
    ).all()
    if dead:
        session.exec(delete(AuthSession).where(col(AuthSession.id).in_(dead)))  # type: ignore[call-overload]
    return len(dead)
