"""HTTP routes of the events page: "Add to calendar" downloads.

`GET /api/events/saved.ics` holds every upcoming saved event; `GET /api/events/{id}.ics`
one event the person saved or was just shown. Identity comes from the `sbm_session`
cookie; an event is only ever looked up among that person's own.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from app.request_user import request_user
from services import events

ICS_TYPE = "text/calendar; charset=utf-8"



def _ics(body: str, filename: str) -> Response:
    return Response(body, media_type=ICS_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })


async def saved_events_ics(request: Request) -> Response:
    """Every upcoming saved event of the signed-in person as one calendar."""
    user = await request_user(request)
    if user is None:
        return PlainTextResponse("Sign in to download your calendar.", status_code=401)
    body = await asyncio.to_thread(events.saved_events_ics, user.id)
    return _ics(body, "my-concerts.ics")


async def event_ics(request: Request) -> Response:
    """One event as a calendar file."""
    user = await request_user(request)
    if user is None:
        return PlainTextResponse("Sign in to add events to your calendar.", status_code=401)
    event_id = str(request.path_params.get("event_id", ""))
    # Ids are short source ids; anything longer or with control characters is simply not found.
    valid = 0 < len(event_id) <= 200 and event_id.isprintable()
    event = await asyncio.to_thread(events.calendar_event, user.id, event_id) if valid else None
    if event is None:
        return PlainTextResponse("That event is not among your saved events or your last search. Search again, then add it.",
                                 status_code=404)
    body = await asyncio.to_thread(events.calendar, [event], event.name)
    return _ics(body, events.ics_filename(event))
