"""Accounts: users, hashed passwords, server-side sessions, sign-in throttling, operators;
sign-up by confirmation link and password reset: `services.accounts.recovery`."""

from services.accounts.users import (
    AccountError,
    UserInfo,
    authenticate,
    complete_handoff,
    handoff_for,
    normalize_email,
    open_session,
    operators,
    register,
    rotate_session,
    session_is_stale,
    set_operator,
    sign_in,
    sign_out,
    sign_up,
    user_for_token,
)

__all__ = [
    "AccountError",
    "UserInfo",
    "authenticate",
    "complete_handoff",
    "handoff_for",
    "normalize_email",
    "open_session",
    "operators",
    "register",
    "rotate_session",
    "session_is_stale",
    "set_operator",
    "sign_in",
    "sign_out",
    "sign_up",
    "user_for_token",
]
