"""Accounts: users, hashed passwords, server-side sessions, sign-in throttling."""

from services.accounts.users import (
    AccountError,
    UserInfo,
    sign_in,
    sign_out,
    sign_up,
    user_for_token,
)

__all__ = [
    "AccountError",
    "UserInfo",
    "sign_in",
    "sign_out",
    "sign_up",
    "user_for_token",
]
