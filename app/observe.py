"""Observability at the edge of the app: request ids and latency for every HTTP
request, handling time for every websocket event, and the live counts `/metrics`
reads at scrape time (services/metrics.py says what each metric means).

`RequestObserver` is ASGI middleware (outermost, see `build_api_transformers`): it
takes the proxy's `X-Request-ID` or makes one, puts it on every log line of the
request (services/logs.py) and on the response, and times the request.

`instrument(app)` wraps the app's event processor once it exists (lifespan): each
foreground event gets its own request id and its handling time (state loaded,
handler run, delta sent) is observed per handler. Background events are left out
(their time is the task's, not a page's wait). Reflex 0.10 calls no middleware after
an event (`postprocess` is never called), hence the wrapper; when the processor's
shape changes it logs a warning and events simply go unmeasured.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.edge import ASGIApp, Message, Receive, Scope, Send, _header
from services import logs, metrics

log = logging.getLogger(__name__)


class RequestObserver:
    """See the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = logs.new_request_id(_header(scope, b"x-request-id"))
        token = logs.request_id.set(rid)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message.get("status", 500))
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": headers + [(b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            metrics.observe_request(scope.get("method", ""), scope.get("path", ""), status, time.perf_counter() - start)
            logs.request_id.reset(token)


async def metrics_endpoint(_request: Request) -> Response:
    """Prometheus text format for this worker (the proxy keeps it from the public)."""
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)


def instrument(app: Any) -> bool:
    """Time the app's websocket events and read its live counts; True when events are timed."""
    from state.party_registry import rooms

    namespace = getattr(app, "event_namespace", None)
    metrics.track_gauges(
        connected_tabs=lambda: float(len(getattr(namespace, "sid_to_token", {}) or {})),
        party_rooms=lambda: float(len(rooms)),
    )
    processor = getattr(app, "_event_processor", None)
    original = getattr(processor, "_execute_event", None)
    if original is None:
        log.warning("metrics: this Reflex has no event processor to wrap; websocket events go unmeasured")
        return False
    if getattr(original, "_sbm_timed", False):
        return True

    async def timed(*, entry: Any, registered_handler: Any) -> Any:
        # Reflex 0.10.1 calls `_execute_event(entry=..., registered_handler=...)`, keywords only.
        handler = registered_handler.handler
        if handler.is_background:
            return await original(entry=entry, registered_handler=registered_handler)
        token = logs.request_id.set(logs.new_request_id())
        start = time.perf_counter()
        try:
            return await original(entry=entry, registered_handler=registered_handler)
        finally:
            metrics.observe_event(handler.fn.__qualname__, time.perf_counter() - start)
            logs.request_id.reset(token)

    timed._sbm_timed = True  # type: ignore[attr-defined]
    processor._execute_event = timed  # type: ignore[union-attr]
    return True
