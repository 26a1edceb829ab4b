"""HTTP routes of the worlds page: playlist covers (drawn from public inputs) and the demo
catalog's demo sounds (signed-in people only: a first play renders the clip)."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from app.request_user import request_user


async def world_cover(request: Request) -> Response:
    """A world playlist's cover, drawn from its name, world and palette (no stored file, nothing private)."""
    from services.worlds.builder import cached_cover_png

    name = request.query_params.get("name", "")[:80]
    world = request.query_params.get("world", "")[:80]
    palette = tuple(p for p in request.query_params.get("palette", "").split(",") if p)[:6]
    png = await asyncio.to_thread(cached_cover_png, name or "Untitled", world, palette)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


async def demo_clip(request: Request) -> Response:
    """The demo sound of one demo-catalog track (WAV, range requests served by FileResponse)."""
    from services.worlds.demo_clip import clip_path, valid_track_id

    if await request_user(request) is None:
        return Response("Sign in to hear demo sounds.", status_code=401)
    track_id = str(request.path_params.get("track_id", ""))
    if not valid_track_id(track_id):
        return Response("Unknown track.", status_code=404)
    path = await asyncio.to_thread(clip_path, track_id)
    if path is None:
        return Response("Unknown track.", status_code=404)
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "private, max-age=86400"})
