"""Server-side sessions: random tokens, stored hashed, with expiry and revocation.

The token only ever travels in the `sbm_session` cookie, which HTTP routes set
(HttpOnly, SameSite=Lax, Secure on https): a sign-in made over the websocket gets a
one-time handoff code instead (`create_handoff`), and the browser trades it at
`/api/auth/complete` for the cookie (`redeem_handoff`). Sessions opened before the
person's role or plan changed are "stale" and are rotated (`rotate`) at the next
page load. A browser that signed in to an account also keeps a signed device
cookie (`device_cookie`), which the sign-in backoff trusts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from services.accounts.models import AuthSession, SessionHandoff, User
from services.config import get_settings
from services.db import as_utc, utcnow

HANDOFF_SECONDS = 60

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


def session_is_stale(session: Session, token: str) -> bool:
    """The person's role or plan changed after this session was opened."""
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == _hash(token))).first() if token else None
    user = session.get(User, row.user_id) if row is not None else None
    changed, opened = as_utc(user.privileges_changed_at) if user else None, as_utc(row.created_at) if row else None
    return bool(changed and opened and opened < changed)


def rotate(session: Session, token: str) -> str | None:
    """Replace a live session by a new one for the same person (the old one is revoked);
    None when `token` is not a live session."""
    user = user_for_token(session, token)
    if user is None or user.id is None:
        return None
    revoke_session(session, token)
    return create_session(session, user.id)


def privileges_changed(session: Session, user_id: int) -> None:
    """The person's role or plan changed: every open session rotates at its next page load."""
    session.execute(update(User).where(col(User.id) == user_id).values(privileges_changed_at=utcnow()))


def create_handoff(session: Session, user_id: int) -> str:
    """A one-time code, valid for a minute, that `/api/auth/complete` trades for a session."""
    code = secrets.token_urlsafe(32)
    session.add(SessionHandoff(code_hash=_hash(code), user_id=user_id,
                               expires_at=utcnow() + timedelta(seconds=HANDOFF_SECONDS)))
    return code


def redeem_handoff(session: Session, code: str) -> int | None:
    """The user id of a fresh, unused handoff code (now spent), else None."""
    if not code or len(code) > 200:
        return None
    now = utcnow()
    spent = session.execute(
        update(SessionHandoff)
        .where(col(SessionHandoff.code_hash) == _hash(code), col(SessionHandoff.used_at).is_(None),
               col(SessionHandoff.expires_at) > now)
        .values(used_at=now)
    ).rowcount
    if not spent:
        return None
    row = session.exec(select(SessionHandoff).where(SessionHandoff.code_hash == _hash(code))).one()
    return row.user_id


def _device_signature(user_id: int, nonce: str) -> str:
    key = hashlib.sha256(f"device-cookie:{get_settings().secret_key}".encode()).digest()
    return hmac.new(key, f"{int(user_id)}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def device_cookie(user_id: int) -> str:
    """The signed "this browser signed in to this account" value."""
    nonce = secrets.token_urlsafe(9)
    return f"{int(user_id)}.{nonce}.{_device_signature(user_id, nonce)}"


def known_device_user(value: str) -> int | None:
    """The account a device cookie vouches for, or None when it is absent or forged."""
    parts = (value or "").split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 18:
        return None
    user_id = int(parts[0])
    return user_id if hmac.compare_digest(parts[2], _device_signature(user_id, parts[1])) else None


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
    session.exec(delete(SessionHandoff).where(col(SessionHandoff.expires_at) < cutoff))  # type: ignore[call-overload]
    return len(dead)
