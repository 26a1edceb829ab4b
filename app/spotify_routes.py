"""HTTP routes of the Spotify connection (wired into `app/routes.py` by the lead).

`GET /api/spotify/connect` sends a signed-in person to Spotify's consent page;
`GET /api/spotify/callback` is the redirect URI: it checks state and PKCE through
`services.spotify.finish_connect` and returns to the account page with the outcome.
Identity comes from the `sbm_session` cookie, never from the query string.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.request_user import request_user
from services import spotify
from services.config import get_settings

log = logging.getLogger(__name__)


def _to_app(path: str, **params: str) -> RedirectResponse:
    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(f"{get_settings().public_url}{path}{query}", status_code=303)



async def spotify_login(request: Request) -> RedirectResponse:
    """Start Connect for the signed-in person (signed-out people sign in first)."""
    user = await request_user(request)
    if user is None:
        return _to_app("/login", next="/account")
    try:
        url = await asyncio.to_thread(spotify.start_connect, user.id)
    except spotify.SpotifyError:
        log.warning("spotify connect could not start for user %s", user.id, exc_info=True)
        return _to_app("/account", spotify_error="start_failed")
    return RedirectResponse(url, status_code=302)


async def spotify_callback(request: Request) -> RedirectResponse:
    """Spotify's redirect back: finish Connect and show the outcome on the account page."""
    user = await request_user(request)
    if user is None:
        return _to_app("/login", next="/account")
    q = request.query_params
    try:
        result = await asyncio.to_thread(
            spotify.finish_connect, user.id, q.get("code"), q.get("state"), q.get("error")
        )
    except Exception:  # a crash here must still land the person somewhere sensible
        log.exception("spotify callback failed for user %s", user.id)
        return _to_app("/account", spotify_error="failed")
    if result.ok:
        return _to_app("/account", spotify="connected")
    return _to_app("/account", spotify_error=result.code or "failed")  # a code: the page says it in its own words
