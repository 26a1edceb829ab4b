"""Who sent a plain HTTP request: the person behind the `sbm_session` cookie.

The routes beside the Reflex app (callbacks, downloads, calendar files) resolve
identity here, on the server, exactly as `state.auth` does for events.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from services import accounts
from services.accounts import UserInfo

SESSION_COOKIE = "sbm_session"  # the cookie `state.auth.AuthState.session_token` writes


async def request_user(request: Request) -> UserInfo | None:
    """The signed-in person, or None for a visitor or a dead session."""
    token = request.cookies.get(SESSION_COOKIE, "")
    return await asyncio.to_thread(accounts.user_for_token, token) if token else None
