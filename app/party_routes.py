"""HTTP routes of the party room: the browser's guest cookie and the rooms' demo sounds.

`GET /api/party/guest?next=/party/CODE` gives the browser its guest id in the
HttpOnly `sbm_guest` cookie (signed; kept when it already holds a valid one) and
sends it back to `next`: every tab of the browser is then the same guest, so it has
one vote, one seat, and a removal holds (`services/party/guest.py`).
`GET /api/party/{code}/clip/{track_id}.wav` is the demo sound of a track playing or
queued in the room, for its members only.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from app.request_user import request_user
from services.config import get_settings
from services.party import Identity, normalize_code
from services.party.guest import GUEST_COOKIE, GUEST_DAYS, new_guest_key, read_guest, sign_guest
from services.web.redirects import safe_next


def request_guest(request: Request) -> str | None:
    """The guest key the request's cookie vouches for (None: none, or forged)."""
    return read_guest(request.cookies.get(GUEST_COOKIE, ""))


async def guest_cookie(request: Request) -> RedirectResponse:
    """Make sure this browser has a guest id, then go back to the room."""
    target = safe_next(request.query_params.get("next", "/party"), "/party")
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    if request_guest(request) is None:
        response.set_cookie(GUEST_COOKIE, sign_guest(new_guest_key()), max_age=GUEST_DAYS * 86400, path="/",
                            httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return response


async def party_clip(request: Request) -> Response:
    """The demo sound of a track in the room (members only; rendered once, then cached)."""
    from services.party.listen import may_hear
    from services.worlds.demo_clip import clip_path, valid_track_id

    code = normalize_code(str(request.path_params.get("code", "")))
    track_id = str(request.path_params.get("track_id", ""))
    if not valid_track_id(track_id):
        return Response("Unknown track.", status_code=404)
    user = await request_user(request)
    guest = request_guest(request)
    who = Identity.user(user.id) if user else (Identity.guest(guest) if guest else None)
    if not await asyncio.to_thread(may_hear, code, who, track_id):
        return Response("Join the party to hear it.", status_code=403)
    path = await asyncio.to_thread(clip_path, track_id)
    if path is None:
        return Response("No demo sound for this track.", status_code=404)
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "private, max-age=86400"})
