"""One fresh demo account per visitor.

"Try the demo" creates an account marked `is_demo` with a random unusable password
and an address nobody owns, seeds it (the demo library, plus whatever other areas
register in `DEMO_SEEDERS`) and signs it in. Visitors never share data. A demo
account becomes a real one by setting an email and password (`convert`), keeping
everything; left alone it expires after `DEMO_EXPIRY_DAYS` without activity
(`services.hosting.cleanup.expire_demo_accounts`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services import ratelimit
from services.accounts import sessions
from services.accounts.models import User
from services.accounts.passwords import hash_password, password_problem
from services.accounts.recovery import resend_confirmation
from services.accounts.users import _EMAIL_RE, AccountError, UserInfo, normalize_email, open_session
from services.catalog.library import seed_demo_library
from services.db import session_scope, utcnow

log = logging.getLogger(__name__)

DEMO_NAME = "Demo Listener"
DEMO_DOMAIN = "demo.simplebalance.music"

# Seeders run for every new demo account, in order, with its user id; an area that
# wants demo content (a sample world, a label project...) appends its own here.
DEMO_SEEDERS: list[Callable[[int], object]] = [seed_demo_library]


def is_demo_address(email: str) -> bool:
    return email.endswith("@" + DEMO_DOMAIN)


def create_demo_account() -> UserInfo:
    """A new seeded demo account (`accounts.demo_sign_in` opens its session)."""
    tag = secrets.token_hex(4)
    with session_scope() as db:
        user = User(
            email=f"demo-{tag}@{DEMO_DOMAIN}",
            display_name=f"{DEMO_NAME} {tag[:4].upper()}",
            # Not an argon2 hash: no password can ever match it (and it costs nothing to make).
            password_hash="!demo:" + secrets.token_urlsafe(24),
            is_demo=True,
        )
        db.add(user)
        db.flush()
        info = UserInfo.of(user)
    try:
        for seed in DEMO_SEEDERS:
            seed(info.id)
    except Exception:
        log.exception("seeding demo account #%s failed; removing it", info.id)
        from services.hosting.cleanup import delete_account

        delete_account(info.id)
        raise
    return info


def start_demo(client_ip: str = "") -> UserInfo:
    """"Try the demo": a fresh, seeded demo account for this visitor (rate-limited per address)."""
    try:
        ratelimit.hit("demo", ip=client_ip)
    except ratelimit.RateLimited as exc:
        raise AccountError(exc.message, "email") from exc
    return create_demo_account()


def demo_sign_in(client_ip: str = "") -> tuple[UserInfo, str]:
    """A fresh demo account and a session token for it."""
    info = start_demo(client_ip)
    return info, open_session(info.id)


def convert(user_id: int, email: str, password: str, display_name: str = "") -> UserInfo:
    """Turn a demo account into a real one (email + password), keeping its data; the new
    address gets a confirmation link."""
    email = normalize_email(email)
    if not _EMAIL_RE.match(email) or len(email) > 254 or is_demo_address(email):
        raise AccountError("Enter a valid email address, like name@example.com.", "email")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    try:
        with session_scope() as db:
            user = db.get(User, user_id)
            if user is None:
                raise AccountError("This demo account has expired. Start a new one.", "email")
            if not user.is_demo:
                raise AccountError("This account already has an email and password.", "email")
            taken = db.exec(select(User.id).where(User.email == email, User.id != user_id)).first()
            if taken is not None:
                raise AccountError("An account with this email already exists. Use another address.", "email")
            user.email, user.password_hash, user.is_demo = email, hash_password(password), False
            name = (display_name or "").strip()[:80]
            if name:
                user.display_name = name
            user.last_active_at = utcnow()
            db.add(user)
            db.flush()
            sessions.privileges_changed(db, user_id)  # a demo became an account: its session rotates
            info = UserInfo.of(user)
    except IntegrityError as exc:
        raise AccountError("An account with this email already exists. Use another address.", "email") from exc
    resend_confirmation(info.id)  # confirmed like a sign-up's address: by the emailed link (a banner asks)
    return info
