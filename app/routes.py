"""Plain HTTP routes served beside the Reflex app on the same port.

Health (`/healthz` liveness, `/readyz` readiness), the Spotify OAuth callback and the Stripe webhook; media downloads join them.
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.label_files import label_file
from app.events_routes import event_ics, saved_events_ics
from app.releases_routes import digest_confirm, digest_unsubscribe
from app.spotify_routes import spotify_callback, spotify_login


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
    from services.billing.stripe_gateway import handle_webhook

    body = await request.body()
    result = await asyncio.to_thread(handle_webhook, body, request.headers.get("stripe-signature"))
    return JSONResponse({"message": result.message}, status_code=result.status_code)


async def world_cover(request: Request) -> Response:
    """A world playlist's cover, drawn from its name, world and palette (no stored file, nothing private)."""
    from services.worlds.builder import cached_cover_png

    name = request.query_params.get("name", "")[:80]
    world = request.query_params.get("world", "")[:80]
    palette = tuple(p for p in request.query_params.get("palette", "").split(",") if p)[:6]
    png = await asyncio.to_thread(cached_cover_png, name or "Untitled", world, palette)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


def build_api() -> Starlette:
    """The Starlette app Reflex mounts its own backend into (`api_transformer`)."""
    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/api/billing/webhook", stripe_webhook, methods=["POST"]),
            Route("/api/spotify/connect", spotify_login, methods=["GET"]),
            Route("/api/spotify/callback", spotify_callback, methods=["GET"]),
            Route("/releases/confirm", digest_confirm, methods=["GET"]),
            Route("/releases/unsubscribe", digest_unsubscribe, methods=["GET", "POST"]),
            Route("/api/label/files/{asset_id:int}", label_file, methods=["GET"]),
            Route("/api/worlds/cover.png", world_cover, methods=["GET"]),
            Route("/api/events/saved.ics", saved_events_ics, methods=["GET"]),  # before the {event_id} route
            Route("/api/events/{event_id}.ics", event_ics, methods=["GET"]),
        ]
    )
