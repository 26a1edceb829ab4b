"""Plain HTTP routes served beside the Reflex app on the same port.

The JSON API (`/api/v1`, `app/api/`, docs at `/api/docs`), health (`/healthz` liveness,
`/readyz` readiness, `/metrics` for Prometheus), the session cookie's routes, the Spotify
OAuth callback, the Stripe webhook, the releases digest links, the worlds' covers
and demo sounds, and the label's media downloads (ownership checked on every request).
`build_api_transformers` adds the security headers and the upload door in front of
everything (pages included).
"""

from __future__ import annotations

import asyncio

from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from app.auth_routes import complete_sign_in, rotate_session, sign_out
from app.party_routes import guest_cookie, party_clip
from app.events_routes import event_ics, saved_events_ics
from app.observe import metrics_endpoint
from app.releases_routes import digest_confirm, digest_unsubscribe, digest_unsubscribe_page
from app.request_user import request_user
from app.spotify_routes import spotify_callback, spotify_login
from app.worlds_routes import demo_clip, world_cover
from services.web.ids import parse_id


async def healthz(_request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(_request: Request) -> JSONResponse:
    """Readiness: database reachable, migrations current, scheduler leader alive; 503 with reasons otherwise."""
    from services.health import readiness

    result = await asyncio.to_thread(readiness)
    return JSONResponse(
        {"status": "ready" if result.ready else "not ready", "checks": result.checks},
        status_code=200 if result.ready else 503,
    )


async def stripe_webhook(request: Request) -> JSONResponse:
    """Stripe events: verified on the raw body, applied once each."""
    from services.billing import payments

    body = await request.body()
    result = await asyncio.to_thread(payments().handle_webhook, body, request.headers.get("stripe-signature"))
    return JSONResponse({"message": result.message}, status_code=result.status_code)


async def label_media(request: Request) -> Response:
    """A project file of the signed-in person (range requests included, so audio
    players can seek); 404 for anyone else's id, a missing file or a signed-out visitor."""
    from services.label.downloads import asset_for_download

    user = await request_user(request)
    asset_id = parse_id(request.path_params.get("asset_id", ""))  # malformed or huge: not found, never a 500
    found = await asyncio.to_thread(asset_for_download, user.id, asset_id) if user and asset_id else None
    if found is None:
        return JSONResponse({"message": "Not found"}, status_code=404)
    path, mime, download_name = found
    disposition = "attachment" if request.query_params.get("download") else "inline"
    return FileResponse(path, media_type=mime, filename=download_name, content_disposition_type=disposition,
                        headers={"Cache-Control": "private, max-age=3600"})


async def label_cue(request: Request) -> Response:
    """A cached spoken cue (shared by everyone, named by its hash) for signed-in people."""
    from services.label.voices import cue_path

    user = await request_user(request)
    path = cue_path(request.path_params.get("name", "")) if user else None
    if path is None:
        return JSONResponse({"message": "Not found"}, status_code=404)
    return FileResponse(path, media_type="audio/mpeg" if path.suffix == ".mp3" else "audio/wav",
                        headers={"Cache-Control": "private, max-age=86400"})


async def not_found(request: Request, exc: Exception) -> Response:
    """A path no route matches: under `/api/v1` (e.g. one with a newline, which no route
    pattern accepts) in the API's problem shape, elsewhere Starlette's plain answer."""
    if request.url.path.startswith("/api/v1"):
        from app.api.problems import problem_response

        return problem_response(request, 404, "No such endpoint.")
    return PlainTextResponse(str(getattr(exc, "detail", "Not Found")), status_code=404)


async def database_trouble(request: Request, exc: Exception) -> Response:
    """A request that met a database outage (a PostgreSQL restart): 503 with `Retry-After`,
    which clients and proxies retry, never a 500; any other database error stays a 500."""
    from services.db import OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_S, unavailable

    if not unavailable(exc):
        raise exc
    return JSONResponse({"detail": OUTAGE_MESSAGE}, status_code=503,
                        headers={"Retry-After": str(OUTAGE_RETRY_AFTER_S), "Cache-Control": "no-store"})


async def api_docs(_request: Request) -> RedirectResponse:
    """`/api/docs`: the current version's documentation."""
    return RedirectResponse("/api/v1/docs", status_code=307)


def build_api() -> Starlette:
    """The Starlette app Reflex mounts its own backend into (`api_transformer`)."""
    from app.api import build_v1

    return Starlette(
        routes=[
            Mount("/api/v1", app=build_v1()),
            Route("/api/docs", api_docs, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/api/auth/complete", complete_sign_in, methods=["GET"]),
            Route("/api/auth/rotate", rotate_session, methods=["GET"]),
            Route("/api/auth/signout", sign_out, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/api/billing/webhook", stripe_webhook, methods=["POST"]),
            Route("/api/spotify/connect", spotify_login, methods=["GET"]),
            Route("/api/spotify/callback", spotify_callback, methods=["GET"]),
            Route("/releases/confirm", digest_confirm, methods=["GET"]),
            Route("/releases/unsubscribe", digest_unsubscribe_page, methods=["GET"]),
            Route("/releases/unsubscribe", digest_unsubscribe, methods=["POST"]),
            Route("/api/worlds/cover.png", world_cover, methods=["GET"]),
            Route("/api/party/guest", guest_cookie, methods=["GET"]),
            Route("/api/party/{code}/clip/{track_id}.wav", party_clip, methods=["GET", "HEAD"]),
            Route("/api/worlds/demo-clip/{track_id}.wav", demo_clip, methods=["GET", "HEAD"]),
            Route("/api/events/saved.ics", saved_events_ics, methods=["GET"]),  # before the {event_id} route
            Route("/api/events/{event_id}.ics", event_ics, methods=["GET"]),
            Route("/api/media/{asset_id}", label_media, methods=["GET", "HEAD"]),
            Route("/api/label/cue/{name}", label_cue, methods=["GET", "HEAD"]),
        ],
        exception_handlers={404: not_found, DBAPIError: database_trouble},
    )
