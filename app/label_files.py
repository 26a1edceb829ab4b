"""Downloads of label files (covers, videos, release packs) through an ownership check.

`GET /api/label/files/{asset_id}` answers the file only to the signed-in owner (the
`sbm_session` cookie); anyone else, and any missing file, gets the same 404 so ids
reveal nothing. `?download=1` asks the browser to save it under a readable name.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from services import accounts
from services.label import projects
from services.label.projects import LabelError

SESSION_COOKIE = "sbm_session"


async def label_file(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    user = await asyncio.to_thread(accounts.user_for_token, token) if token else None
    try:
        asset_id = int(request.path_params["asset_id"])
    except (KeyError, ValueError):
        return PlainTextResponse("Not found", status_code=404)
    if user is None:
        return PlainTextResponse("Sign in to download this file.", status_code=401)
    path = await asyncio.to_thread(projects.asset_path, user.id, asset_id)
    if path is None:
        return PlainTextResponse("Not found", status_code=404)
    try:
        info = await asyncio.to_thread(projects.get_asset, user.id, asset_id)
    except LabelError:
        return PlainTextResponse("Not found", status_code=404)
    name = str(info.meta.get("download_name") or path.name)
    headers = {"Cache-Control": "private, max-age=3600"}
    if request.query_params.get("download"):
        return FileResponse(path, media_type=info.mime, filename=name, headers=headers)
    return FileResponse(path, media_type=info.mime, headers=headers)
