"""Sign-up with an emailed confirmation, and password reset by emailed link: answers that
never say whether an email has an account.

- `request_sign_up`: a new address gets an account (usable at once, its address not yet
  confirmed) and a confirmation link; an address that has an account gets a notice
  instead ("someone tried to sign up with this address: sign in, or reset your
  password"). Nothing about the existing account changes, and the answer is the same
  ("check your inbox"); both paths pay one argon2 hash, and mail goes out after the
  answer (`notices.send`), so the time is the same too.
- `request_password_reset`: an account gets a single-use link (one hour, stored
  hashed); an unknown address gets nothing. Same answer either way; per address the
  `reset` rate rule, per email at most `RESETS_PER_EMAIL` mails an hour (silently:
  the owner's inbox is not flooded and nobody learns anything).
- `reset_password`: a live link sets a new password, confirms the address (the link
  proved it), revokes every session and other reset link, and forgives the account's
  failed sign-ins; the owner gets a "password changed" notice.

Someone who signs up with another person's address cannot lock them out: the owner's
reset link replaces the password and ends every session.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

from sqlalchemy.exc import IntegrityError
from sqlmodel import delete, select

from services import ratelimit
from services.accounts import links, notices, sessions
from services.accounts.models import LoginFailure, User
from services.accounts.passwords import hash_password, password_problem
from services.accounts.users import _EMAIL_RE, AccountError, UserInfo, _limit, check_new_account, normalize_email
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

# The state layer answers sign-up and reset requests no sooner than this (seconds), so
# the little work that differs between the two paths cannot be timed.
SIGN_UP_ANSWER_SECONDS = 1.0
RESET_ANSWER_SECONDS = 0.6
RESETS_PER_EMAIL = 3  # reset mails per address per hour
NOTICES_PER_ACCOUNT = 3  # "someone tried to sign up with your address" per hour
CONFIRMS_PER_ACCOUNT = 3  # confirmation mails (sign-up and "send it again") per hour

LINK_USED = "This link has expired or was already used."


def _bucket(key: str, per_hour: int) -> bool:
    """True when `key` may send one more mail this hour (the app's one token bucket)."""
    return ratelimit.take(key, float(per_hour), per_hour / 3600.0) == 0


def _confirm_text(name: str, token: str) -> str:
    return (
        f"Welcome to Simple Balance Music, {name}!\n\n"
        f"Please confirm that this address is yours: {notices.link('/confirm?' + urlencode({'token': token}))}\n\n"
        f"The link works once, within {links.LIFETIME['confirm'].days} days. Until then you can already sign in "
        "with your password; a banner reminds you to confirm.\n\n"
        "If you did not sign up, ignore this message: nothing happens without the link."
    )


def _exists_text() -> str:
    return (
        "Someone, maybe you, tried to create a Simple Balance Music account with this address. It already has "
        "an account, so nothing was created and nothing changed.\n\n"
        f"If it was you, sign in at {notices.link('/login')}\n\n"
        f"Forgot your password? Set a new one at {notices.link('/forgot')}\n\n"
        "If it was not you, you can ignore this message: your account is unchanged."
    )


def request_sign_up(email: str, password: str, display_name: str = "", client_ip: str = "") -> None:
    """Sign up, answered the same way whether or not the email has an account (see the
    module docstring); `AccountError` only for input to fix or the address rate limit."""
    email, name = check_new_account(email, password, display_name)
    _limit("signup", ip=client_ip)
    password_hash = hash_password(password)  # paid on both paths: the time says nothing
    mail: tuple[int, str, str, str] | None = None
    notice_to: int | None = None
    try:
        with session_scope() as db:
            existing = db.exec(select(User).where(User.email == email)).first()
            if existing is None:
                user = User(email=email, display_name=name, password_hash=password_hash)
                db.add(user)
                db.flush()
                assert user.id is not None
                mail = (user.id, email, "Confirm your email address", _confirm_text(name, links.create(db, user.id, "confirm")))
            elif not existing.is_demo:
                notice_to = existing.id
    except IntegrityError:  # two sign-ups for one new email at once: the other one won
        mail = None
    # Buckets after the transaction (on SQLite they write, and the transaction held the lock).
    if mail is not None:
        _bucket(f"confirm-mail:user:{mail[0]}", CONFIRMS_PER_ACCOUNT)
    elif notice_to is not None and _bucket(f"signup-notice:user:{notice_to}", NOTICES_PER_ACCOUNT):
        mail = (notice_to, email, "Someone tried to sign up with your address", _exists_text())
    if mail is not None:
        notices.send(*mail)


def resend_confirmation(user_id: int) -> bool:
    """Send the signed-in person a new confirmation link; False when the hourly allowance
    is spent or the address is already confirmed."""
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None or user.is_demo or user.email_confirmed_at is not None:
            return False
    if not _bucket(f"confirm-mail:user:{user_id}", CONFIRMS_PER_ACCOUNT):
        return False
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None:
            return False
        token = links.create(db, user_id, "confirm")
        to, name = user.email, user.display_name
    notices.send(user_id, to, "Confirm your email address", _confirm_text(name, token))
    return True


def link_is_live(token: str, purpose: str) -> bool:
    """Whether a confirmation or reset link can still be used (it is not spent by asking)."""
    with session_scope() as db:
        return links.peek(db, token, purpose) is not None


def confirm_email(token: str) -> UserInfo | None:
    """Spend a confirmation link: the address is confirmed; None for a dead link."""
    with session_scope() as db:
        user_id = links.spend(db, token, "confirm")
        user = db.get(User, user_id) if user_id is not None else None
        if user is None:
            return None
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
            db.add(user)
        return UserInfo.of(user)


def request_password_reset(email: str, client_ip: str = "") -> None:
    """Send a reset link if the email has an account; the same answer (and time) if not."""
    email = normalize_email(email)
    if not _EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError("Enter a valid email address, like name@example.com.", "email")
    _limit("reset", ip=client_ip)
    # Keyed by the address typed, known or not, so the limit itself tells nothing.
    if not _bucket(f"reset-mail:email:{hashlib.sha256(email.encode()).hexdigest()}", RESETS_PER_EMAIL):
        return
    mail: tuple[int, str, str] | None = None
    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).first()
        if user is not None and not user.is_demo and user.id is not None:
            mail = (user.id, user.email, links.create(db, user.id, "reset"))
    if mail is None:
        return
    user_id, to, token = mail
    minutes = int(links.LIFETIME["reset"].total_seconds() // 60)
    notices.send(user_id, to, "Set a new password", (
        "Someone, hopefully you, asked to set a new password for your Simple Balance Music account.\n\n"
        f"Choose it here: {notices.link('/reset?' + urlencode({'token': token}))}\n\n"
        f"The link works once, within {minutes} minutes. Setting a new password signs out every other "
        "browser.\n\nIf you did not ask, ignore this message: your password stays as it is."
    ))


def reset_password(token: str, password: str, client_ip: str = "") -> UserInfo:
    """Set a new password with a live reset link (see the module docstring); returns the
    person (the caller opens the one new session). `AccountError` when the link is dead
    (field "token") or the password too weak (field "password": the link stays usable)."""
    _limit("reset", ip=client_ip)
    with session_scope() as db:
        user_id = links.peek(db, token, "reset")
        user = db.get(User, user_id) if user_id is not None else None
        email = user.email if user else ""
    if user is None:
        raise AccountError(LINK_USED + " Ask for a new one below.", "token")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    password_hash = hash_password(password)
    with session_scope() as db:
        if links.spend(db, token, "reset") != user_id:  # spent by another click meanwhile
            raise AccountError(LINK_USED + " Ask for a new one below.", "token")
        user = db.get(User, user_id)
        if user is None:
            raise AccountError(LINK_USED + " Ask for a new one below.", "token")
        user.password_hash = password_hash
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        db.add(user)
        ended = sessions.revoke_all_sessions(db, user.id)  # type: ignore[arg-type]
        links.spend_all(db, user.id, "reset")  # type: ignore[arg-type]
        db.exec(delete(LoginFailure).where(LoginFailure.email == user.email))  # type: ignore[call-overload]
        info = UserInfo.of(user)
    log.warning("password of user %s reset by link; %s sessions ended", info.id, ended)
    notices.send(info.id, info.email, "Your password was changed", (
        "The password of your Simple Balance Music account was just changed with a reset link, and every "
        "browser that was signed in was signed out.\n\n"
        f"If it was not you, set a new password at once at {notices.link('/forgot')} and check your mailbox's "
        "security: the reset link was sent there."
    ))
    return info
