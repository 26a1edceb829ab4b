"""Who sent a plain HTTP request, and the cookies that say so.

The session token lives only in the `sbm_session` cookie, which only these HTTP
helpers write: HttpOnly (page scripts cannot read it), SameSite=Lax, and Secure when
`APP_URL` is https. The websocket side reads the same cookie from its handshake
(`state.auth`). `sbm_device` is the signed "this browser signed in to this account
before" mark the sign-in backoff trusts.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response

from services import accounts
from services.accounts import UserInfo
from services.config import get_settings
from services.web.addresses import client_address

SESSION_COOKIE = "sbm_session"
DEVICE_COOKIE = "sbm_device"
DEVICE_DAYS = 365


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


async def request_user(request: Request) -> UserInfo | None:
    """The signed-in person, or None for a visitor or a dead session."""
    token = session_token(request)
    return await asyncio.to_thread(accounts.user_for_token, token) if token else None


def request_address(request: Request) -> str:
    """The client's address (`X-Forwarded-For` only behind `TRUSTED_PROXIES`)."""
    peer = request.client.host if request.client else ""
    return client_address(peer, request.headers.get("x-forwarded-for", ""), get_settings().trusted_proxies)


def _cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=get_settings().secure_cookies)


def set_session_cookie(response: Response, token: str) -> None:
    _cookie(response, SESSION_COOKIE, token, get_settings().session_days * 86400)


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=get_settings().secure_cookies)


def set_device_cookie(response: Response, value: str) -> None:
    _cookie(response, DEVICE_COOKIE, value, DEVICE_DAYS * 86400)
