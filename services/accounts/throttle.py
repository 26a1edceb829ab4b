"""Sign-in throttling: after repeated failures for one email or one client address,
further attempts are refused for a while (checked before the password is)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete, func, select

from services.accounts.models import LoginFailure
from services.db import as_utc, utcnow

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 30


def _keys(email: str, client_ip: str) -> list[tuple[str, int]]:
    keys = [(f"email:{email}", MAX_FAILURES)]
    if client_ip:
        keys.append((f"ip:{client_ip}", MAX_FAILURES_PER_ADDRESS))
    return keys


def seconds_locked(session: Session, email: str, client_ip: str) -> int:
    """Seconds until another attempt is allowed; 0 when not throttled."""
    since = utcnow() - WINDOW
    wait = 0
    for key, limit in _keys(email, client_ip):
        rows = session.exec(
            select(LoginFailure.at)
            .where(LoginFailure.key == key, col(LoginFailure.at) > since)
            .order_by(col(LoginFailure.at).desc())
            .limit(limit)
        ).all()
        if len(rows) >= limit:
            oldest = as_utc(rows[-1])
            assert oldest is not None
            wait = max(wait, int((oldest + WINDOW - utcnow()).total_seconds()) + 1)
    return wait


def record_failure(session: Session, email: str, client_ip: str) -> None:
    """Count one failed attempt against the email and the client address."""
    for key, _ in _keys(email, client_ip):
        session.add(LoginFailure(key=key))


def clear_failures(session: Session, email: str) -> None:
    """A successful sign-in forgives the email's earlier failures."""
    session.exec(delete(LoginFailure).where(LoginFailure.key == f"email:{email}"))  # type: ignore[call-overload]


def purge_old_failures(session: Session) -> int:
    """Drop failures older than the window; returns how many were removed."""
    cutoff = utcnow() - WINDOW
    count = session.exec(
        select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) < cutoff)
    ).one()
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < cutoff))  # type: ignore[call-overload]
    return int(count)
