"""HTTP routes that set and clear the session cookie (wired into `app/routes.py`).

Signing in happens over the websocket (the form, the backoff, the messages), but the
session token must never travel there: the sign-in event gets a one-time code and
sends the browser to `GET /api/auth/complete?code=…&next=…`, which trades it for a
new session in an HttpOnly cookie (revoking any session the browser had: sessions
rotate at sign-in) and redirects to `next` (same-origin paths only).
`GET /api/auth/rotate` replaces a session opened before a role or plan change;
`GET /api/auth/signout` clears the cookie once the sign-out event revoked the
session (a cross-site link cannot sign anyone out: a live session is left alone).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.request_user import clear_session_cookie, session_token, set_device_cookie, set_session_cookie
from services import accounts
from services.accounts import sessions
from services.web.redirects import safe_next

_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _go(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers=_NO_STORE)


async def complete_sign_in(request: Request) -> RedirectResponse:
    """Trade a sign-in's one-time code for the session cookie."""
    target = safe_next(request.query_params.get("next", "/"))
    done = await asyncio.to_thread(accounts.complete_handoff, request.query_params.get("code", ""), session_token(request))
    if done is None:
        return _go("/login?" + urlencode({"error": "link_expired", "next": target}))
    user, token = done
    response = _go(target)
    set_session_cookie(response, token)
    set_device_cookie(response, sessions.device_cookie(user.id))
    return response


async def rotate_session(request: Request) -> RedirectResponse:
    """Give a session opened before a role or plan change a new token."""
    target = safe_next(request.query_params.get("next", "/"))
    token = session_token(request)
    fresh = None
    if token and await asyncio.to_thread(accounts.session_is_stale, token):
        fresh = await asyncio.to_thread(accounts.rotate_session, token)
    response = _go(target)
    if fresh:
        set_session_cookie(response, fresh)
    return response


async def sign_out(request: Request) -> RedirectResponse:
    """Clear the cookie of a session the sign-out event has revoked."""
    token = session_token(request)
    if token and await asyncio.to_thread(accounts.user_for_token, token) is not None:
        return _go("/")  # still live: not a sign-out this app asked for
    response = _go("/login")
    clear_session_cookie(response)
    return response
