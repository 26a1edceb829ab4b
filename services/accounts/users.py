"""Sign up, sign in, sign out and the demo account: what the auth pages call."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services.accounts import sessions, throttle
from services.accounts.models import User
from services.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from services.config import get_settings
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

# Checked when the email has no account, so a wrong email costs the same time as a
# wrong password (no timing tells which emails have accounts).
_NO_ACCOUNT_HASH = hash_password("no account has this password")

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
    is_operator: bool = False
    email_confirmed: bool = True  # False until a confirmation (or reset) link was opened

    @classmethod
    def of(cls, user: User) -> UserInfo:
        assert user.id is not None
        operator = not user.is_demo and (user.is_operator or user.email in get_settings().admin_emails)
        return cls(id=user.id, email=user.email, display_name=user.display_name, is_demo=user.is_demo,
                   is_operator=operator, email_confirmed=user.is_demo or user.email_confirmed_at is not None)


def _limit(rule: str, *, ip: str = "", user_id: int | None = None, key: str = "") -> None:
    """Rate limits of the account forms, as an `AccountError` the form shows."""
    from services import ratelimit

    try:
        ratelimit.hit(rule, ip=ip, user_id=user_id, key=key)
    except ratelimit.RateLimited as exc:
        raise AccountError(exc.message, {"signin": "password", "reset": ""}.get(rule, "email")) from exc


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased, so one address means one account."""
    return (email or "").strip().lower()


def check_new_account(email: str, password: str, display_name: str = "") -> tuple[str, str]:
    """The normalized email and display name of a valid sign-up; `AccountError` says what
    to fix (these answers never depend on whether the email has an account)."""
    email = normalize_email(email)
    if not _EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError("Enter a valid email address, like name@example.com.", "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    return email, (display_name or "").strip()[:80] or email.split("@", 1)[0]


def register(email: str, password: str, display_name: str = "", client_ip: str = "") -> UserInfo:
    """Create a confirmed account directly (validated, rate-limited per address): for
    operators and tests. People sign up through `recovery.request_sign_up`, which never
    says whether the email has an account and confirms the address by email."""
    email, name = check_new_account(email, password, display_name)
    _limit("signup", ip=client_ip)
    try:
        with session_scope() as db:
            if db.exec(select(User.id).where(User.email == email)).first() is not None:
                raise AccountError("An account with this email already exists. Sign in instead.", "email")
            user = User(email=email, display_name=name, password_hash=hash_password(password),
                        email_confirmed_at=utcnow())
            db.add(user)
            db.flush()
            return UserInfo.of(user)
    except IntegrityError as exc:  # two sign-ups for one email at the same moment
        raise AccountError("An account with this email already exists. Sign in instead.", "email") from exc


def sign_up(email: str, password: str, display_name: str = "", client_ip: str = "") -> tuple[UserInfo, str]:
    """Create an account and open a session; returns the user and the session token."""
    info = register(email, password, display_name, client_ip)
    return info, open_session(info.id)


def authenticate(email: str, password: str, client_ip: str = "", *, known_device: int | None = None) -> UserInfo:
    """Check a password after the backoff (see `throttle`); returns the person.

    `known_device` is the account id the browser's signed device cookie vouches for.
    A wrong email and a wrong password get the same answer, in the same time.
    """
    email = normalize_email(email)
    if not email or not password:
        raise AccountError("Enter your email and password.", "email" if not email else "password")
    _limit("signin", ip=client_ip)
    notify: tuple[int, str, int] | None = None
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).first()
        known = user is not None and known_device is not None and known_device == user.id
        wait = throttle.seconds_to_wait(db, email, client_ip, known_device=known)
        if wait:
            raise AccountError(f"Too many failed attempts. Try again in {wait} s.", "password")
        if user is not None:
            _limit("signin", user_id=user.id)
        else:  # the same bucket write for an unknown email, so the time says nothing
            _limit("signin", key="email:" + hashlib.sha256(email.encode()).hexdigest()[:32])
        if not verify_password(user.password_hash if user else _NO_ACCOUNT_HASH, password) or user is None:
            failures = throttle.record_failure(db, email, client_ip)
            if user is not None and not user.is_demo and failures == throttle.NOTICE_AT:
                notify = (user.id, user.email, failures)  # type: ignore[assignment]
            db.commit()
        else:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.last_active_at = utcnow()
            db.add(user)
            throttle.clear_failures(db, email, client_ip)
            return UserInfo.of(user)
    if notify is not None:
        from services.accounts.notices import send_failed_sign_in_notice

        send_failed_sign_in_notice(*notify)
    raise AccountError("Wrong email or password.", "password")


def open_session(user_id: int) -> str:
    """A new session token for the person (HTTP routes put it in the cookie)."""
    with session_scope() as db:
        return sessions.create_session(db, user_id)


def sign_in(email: str, password: str, client_ip: str = "") -> tuple[UserInfo, str]:
    """Check the password (after the backoff) and open a session."""
    info = authenticate(email, password, client_ip)
    return info, open_session(info.id)


def user_for_token(token: str) -> UserInfo | None:
    """Resolve a browser's session token on the server; None when signed out."""
    with session_scope() as db:
        user = sessions.user_for_token(db, token)
        return UserInfo.of(user) if user else None


def sign_out(token: str) -> None:
    """Revoke the session behind the token (a no-op for an unknown token)."""
    with session_scope() as db:
        sessions.revoke_session(db, token)


def handoff_for(user_id: int) -> str:
    """A one-time code the browser trades for its session cookie at `/api/auth/complete`."""
    with session_scope() as db:
        return sessions.create_handoff(db, user_id)


def complete_handoff(code: str, old_token: str = "") -> tuple[UserInfo, str] | None:
    """Trade a handoff code for a new session (the browser's previous one, if any, is
    revoked: a session never survives a sign-in); None for a spent or unknown code."""
    with session_scope() as db:
        user_id = sessions.redeem_handoff(db, code)
        user = db.get(User, user_id) if user_id is not None else None
        if user is None:
            return None
        if old_token:
            sessions.revoke_session(db, old_token)
        return UserInfo.of(user), sessions.create_session(db, user.id)  # type: ignore[arg-type]


def session_is_stale(token: str) -> bool:
    """The person's role or plan changed since this session was opened (rotate it)."""
    with session_scope() as db:
        return sessions.session_is_stale(db, token)


def rotate_session(token: str) -> str | None:
    """A new token replacing a live one (the old one is revoked); None if it was not live."""
    with session_scope() as db:
        return sessions.rotate(db, token)


def set_operator(email: str, operator: bool) -> UserInfo:
    """Make an account an operator (or not); its sessions rotate. Demo accounts never are."""
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == normalize_email(email))).first()
        if user is None:
            raise AccountError(f"No account has the email {email}.", "email")
        if operator and user.is_demo:
            raise AccountError("A demo account cannot be an operator.", "email")
        user.is_operator = operator
        db.add(user)
        db.flush()
        sessions.privileges_changed(db, user.id)  # type: ignore[arg-type]
        return UserInfo.of(user)


def operators() -> list[UserInfo]:
    """Every operator: marked in the database or named in `ADMIN_EMAILS`."""
    admin_emails = get_settings().admin_emails
    with session_scope() as db:
        rows = db.exec(select(User).where(User.is_demo == False)).all()  # noqa: E712
        return [UserInfo.of(u) for u in rows if u.is_operator or u.email in admin_emails]
