"""A page keeps its state when its worker dies (several workers over Redis).

Reflex 0.10.1 records each socket in Redis (`token_manager_socket_record_<token>`,
owner instance and sid, kept for `redis_token_expiration`, an hour by default) and,
when a page connects with a token that has a record, treats it as a duplicate tab
and hands it a NEW token: a fresh, empty state. After a `kill -9` of a worker its
records stay behind, so every page that reconnects to another worker lost its
state (measured: party guests were sent back to the join screen).

Each worker therefore keeps a subscription open on its own channel
(`sbm:alive:<instance id>`); Redis drops it the moment the worker's connection
closes, `kill -9` included. Before Reflex links a token, a record whose owner has no
subscriber left is dropped, so the page keeps its token and its state, however fast
it comes back. A record of a live worker is left alone: a real second tab still
gets its own token.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from typing import Any

log = logging.getLogger(__name__)

ALIVE_PREFIX = "sbm:alive:"


def _token_manager(app: Any) -> Any:
    namespace = getattr(app, "event_namespace", None)
    manager = getattr(namespace, "_token_manager", None)
    return manager if manager is not None and hasattr(manager, "redis") else None


async def keep_alive(app: Any, stop: asyncio.Event) -> None:
    """Hold this worker's alive subscription until `stop` (the lifespan runs it with Redis only)."""
    manager = _token_manager(app)
    if manager is None:
        return
    install(manager)
    failing = False
    while not stop.is_set():
        try:
            async with manager.redis.pubsub() as pubsub:
                await pubsub.subscribe(ALIVE_PREFIX + manager.instance_id)
                if failing:
                    log.info("reconnect: this worker is subscribed as alive again")
                failing = False
                while not stop.is_set():
                    await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not failing:
                log.warning("reconnect: lost Redis for the alive subscription (%s); retrying", type(exc).__name__)
            failing = True
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass


async def owner_alive(manager: Any, owner: str) -> bool:
    """Whether the worker `owner` still holds its alive subscription."""
    counts = await manager.redis.pubsub_numsub(ALIVE_PREFIX + owner)
    return bool(counts and int(counts[0][1]) > 0)


def install(manager: Any) -> None:
    """Wrap `link_token_to_sid` to drop a dead worker's record of the token first."""
    original = manager.link_token_to_sid
    if getattr(original, "_sbm_reconnect", False):
        return

    async def link_token_to_sid(token: str, sid: str) -> str | None:
        await drop_if_owner_dead(manager, token)
        return await original(token, sid)

    link_token_to_sid._sbm_reconnect = True  # type: ignore[attr-defined]
    manager.link_token_to_sid = link_token_to_sid


async def drop_if_owner_dead(manager: Any, token: str) -> bool:
    """True when the token's socket record named a worker that is gone (and was dropped)."""
    key = manager._get_redis_key(token)
    try:
        raw = await manager.redis.get(key)
        if raw is None:
            return False
        owner = getattr(pickle.loads(raw), "instance_id", "")  # written by Reflex into our own Redis
        if not owner or owner == manager.instance_id or await owner_alive(manager, owner):
            return False
        await manager.redis.delete(key)
        manager.token_to_socket.pop(token, None) if hasattr(manager, "token_to_socket") else None
        log.info("reconnect: a page came back from a worker that is gone; it keeps its state")
        return True
    except Exception:
        log.warning("reconnect: could not check the token's previous worker", exc_info=True)
        return False
