"""Accounts: users, hashed passwords, server-side sessions, sign-in throttling."""

from services.accounts.users import (
    DEMO_EMAIL,
    AccountError,
    UserInfo,
    demo_sign_in,
    ensure_demo_user,
    sign_in,
    sign_out,
    sign_up,
    user_for_token,
)

__all__ = [
    "DEMO_EMAIL",
    "AccountError",
    "UserInfo",
    "demo_sign_in",
    "ensure_demo_user",
    "sign_in",
    "sign_out",
    "sign_up",
    "user_for_token",
]
