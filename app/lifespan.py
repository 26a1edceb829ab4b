"""Work that lives as long as the server: the live-push bridge and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import reflex as rx

from app import observe, reconnect
from services import live, scheduler
from services.config import get_settings
from state import live as live_push
from state import party_channel

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def background_services(app: rx.App) -> AsyncIterator[None]:
    """Bind the push bridge, then run the scheduler (when this process leads) until shutdown."""
    observe.instrument(app)  # event timing and live counts for /metrics
    live_push.bind(app)
    live.bind_loop(asyncio.get_running_loop())
    relay = party_channel.start_relay(get_settings().redis_url)  # party rooms across workers
    stop = asyncio.Event()
    alive = asyncio.create_task(reconnect.keep_alive(app, stop), name="worker-alive") if get_settings().redis_url else None
    task: asyncio.Task[None] | None = None
    if get_settings().scheduler_enabled:
        task = asyncio.create_task(scheduler.run_as_leader(stop), name="scheduler-leader")
    try:
        yield
    finally:
        stop.set()
        if relay is not None:
            relay.cancel()
        if alive is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(alive, timeout=5)
        if task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)
        log.info("background services stopped")
