"""Sign up, sign in, sign out and the demo account: what the auth pages call."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services.accounts import sessions, throttle
from services.accounts.models import User
from services.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from services.db import session_scope, utcnow

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class AccountError(ValueError):
    """A problem a person can fix; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class UserInfo:
    """What the rest of the app needs to know about the signed-in person."""

    id: int
    email: str
    display_name: str
    is_demo: bool

    @classmethod
    def of(cls, user: User) -> UserInfo:
        assert user.id is not None
        return cls(id=user.id, email=user.email, display_name=user.display_name, is_demo=user.is_demo)


def _limit(rule: str, *, ip: str = "", user_id: int | None = None) -> None:
    """Rate limits of the account forms, as an `AccountError` the form shows."""
    from services import ratelimit

    try:
        ratelimit.hit(rule, ip=ip, user_id=user_id)
    except ratelimit.RateLimited as exc:
        raise AccountError(exc.message, "password" if rule == "signin" else "email") from exc


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased, so one address means one account."""
    return (email or "").strip().lower()


def sign_up(email: str, password: str, display_name: str = "", client_ip: str = "") -> tuple[UserInfo, str]:
    """Create an account and sign it in; returns the user and a session token."""
    email = normalize_email(email)
    if not _EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError("Enter a valid email address, like name@example.com.", "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    name = (display_name or "").strip()[:80] or email.split("@", 1)[0]
    _limit("signup", ip=client_ip)
    try:
        with session_scope() as db:
            if db.exec(select(User.id).where(User.email == email)).first() is not None:
                raise AccountError("An account with this email already exists. Sign in instead.", "email")
            user = User(email=email, display_name=name, password_hash=hash_password(password))
            db.add(user)
            db.flush()
            info = UserInfo.of(user)
            token = sessions.create_session(db, info.id)
    except IntegrityError as exc:  # two sign-ups for one email at the same moment
        raise AccountError("An account with this email already exists. Sign in instead.", "email") from exc
    return info, token


def sign_in(email: str, password: str, client_ip: str = "") -> tuple[UserInfo, str]:
    """Check the password (after the throttle) and open a session."""
    email = normalize_email(email)
    if not email or not password:
        raise AccountError("Enter your email and password.", "email" if not email else "password")
    _limit("signin", ip=client_ip)
    with session_scope() as db:
        wait = throttle.seconds_locked(db, email, client_ip)
        if wait:
            minutes = max(1, round(wait / 60))
            raise AccountError(
                f"Too many failed attempts. Try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
                "password",
            )
        user = db.exec(select(User).where(User.email == email)).first()
        if user is not None:
            _limit("signin", user_id=user.id)
        if user is None or not verify_password(user.password_hash, password):
            throttle.record_failure(db, email, client_ip)
            db.commit()
            raise AccountError("Wrong email or password.", "password")
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_active_at = utcnow()
        db.add(user)
        throttle.clear_failures(db, email)
        info = UserInfo.of(user)
        token = sessions.create_session(db, info.id)
    return info, token


def user_for_token(token: str) -> UserInfo | None:
    """Resolve a browser's session token on the server; None when signed out."""
    with session_scope() as db:
        user = sessions.user_for_token(db, token)
        return UserInfo.of(user) if user else None


def sign_out(token: str) -> None:
    """Revoke the session behind the token (a no-op for an unknown token)."""
    with session_scope() as db:
        sessions.revoke_session(db, token)
