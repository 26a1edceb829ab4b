"""Plain HTTP routes served beside the Reflex app on the same port.

Later issues add the OAuth callback, the Stripe webhook and media downloads here.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def healthz(_request: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


def build_api() -> Starlette:
    """The Starlette app Reflex mounts its own backend into (`api_transformer`)."""
    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"])])
