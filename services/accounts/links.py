"""Emailed single-use links: a random token in the URL, only its SHA-256 stored, an
expiry, spent once (the spending UPDATE is conditional, so two clicks cannot both
succeed). `confirm` links prove an address; `reset` links set a new password."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from services.accounts.models import EmailLink
from services.db import as_utc, utcnow

LIFETIME = {"confirm": timedelta(days=3), "reset": timedelta(hours=1)}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(db: Session, user_id: int, purpose: str) -> str:
    """A new link token for the person; earlier unused links of the same purpose stop working."""
    now = utcnow()
    db.execute(
        update(EmailLink)
        .where(col(EmailLink.user_id) == user_id, col(EmailLink.purpose) == purpose, col(EmailLink.used_at).is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.add(EmailLink(token_hash=_hash(token), user_id=user_id, purpose=purpose, expires_at=now + LIFETIME[purpose]))
    return token


def _well_formed(token: str) -> bool:
    return bool(token) and len(token) <= 200


def peek(db: Session, token: str, purpose: str) -> int | None:
    """The user id of a live link (not spent, not expired), without spending it."""
    if not _well_formed(token):
        return None
    row = db.exec(select(EmailLink).where(EmailLink.token_hash == _hash(token), EmailLink.purpose == purpose)).first()
    expires = as_utc(row.expires_at) if row else None
    if row is None or row.used_at is not None or expires is None or expires <= utcnow():
        return None
    return row.user_id


def spend(db: Session, token: str, purpose: str) -> int | None:
    """Spend a live link; its user id, or None when it was unknown, spent or expired."""
    if not _well_formed(token):
        return None
    now = utcnow()
    spent = db.execute(
        update(EmailLink)
        .where(col(EmailLink.token_hash) == _hash(token), col(EmailLink.purpose) == purpose,
               col(EmailLink.used_at).is_(None), col(EmailLink.expires_at) > now)
        .values(used_at=now)
    ).rowcount
    if not spent:
        return None
    return db.exec(select(EmailLink.user_id).where(EmailLink.token_hash == _hash(token))).one()


def spend_all(db: Session, user_id: int, purpose: str) -> None:
    """Every open link of this purpose stops working (e.g. after a password change)."""
    db.execute(
        update(EmailLink)
        .where(col(EmailLink.user_id) == user_id, col(EmailLink.purpose) == purpose, col(EmailLink.used_at).is_(None))
        .values(used_at=utcnow())
    )


def purge(db: Session) -> int:
    """Delete links that expired more than a day ago."""
    cutoff = utcnow() - timedelta(days=1)
    result = db.exec(delete(EmailLink).where(col(EmailLink.expires_at) < cutoff))  # type: ignore[call-overload]
    return int(result.rowcount or 0)
