"""Party room changes between workers over Redis pub/sub (only with `REDIS_URL`).

The worker where a change was made publishes the change (room, kind, version),
not the view; every other worker with the room open reads those parts itself
(`read`, the channel's `refresh`) and sends them to its own sockets. Relaying
views would be unsafe: a view read on top of an older one keeps the parts it did
not re-read, so a worker that had not heard of another worker's change yet could
relay a view without it, newer in version, and both workers would drop the change.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable

from state.party_registry import rooms

log = logging.getLogger("state.party")

RELAY_CHANNEL = "sbm:party-changes"
Change = tuple[str, str, int]  # (room code, kind, version)


class Relay:
    """This worker's end of the relay: `publish` what changed here, `listen` for the others."""

    def __init__(self, url: str, read: Callable[[str, str], Awaitable[None]]) -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(url)
        self.instance = uuid.uuid4().hex
        self._read = read
        self._reads: set[asyncio.Task[None]] = set()

    async def publish(self, changes: list[Change]) -> None:
        """Tell the other workers that these (room, kind, version) changes were made here."""
        if not changes:
            return
        message = {"from": self.instance, "changes": changes}
        try:
            await self.client.publish(RELAY_CHANNEL, json.dumps(message, separators=(",", ":")))
        except Exception:
            log.warning("party: publishing changes of room %s to the other workers failed", changes[0][0], exc_info=True)

    async def listen(self) -> None:
        """Read other workers' changes for this worker's sockets; reconnect on errors."""
        failing = False
        while True:
            try:
                async with self.client.pubsub() as pubsub:
                    await pubsub.subscribe(RELAY_CHANNEL)
                    if failing:  # changes published meanwhile never reached us: read every open room once
                        log.info("party: the room relay reached Redis again; re-reading %d open rooms", len(rooms))
                        for code in list(rooms):
                            self._read_later(str(code), "*")
                    failing = False
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            await self._received(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not failing:  # once per outage, not once a second
                    log.warning("party: the room relay lost Redis (%s); retrying every second", type(exc).__name__)
                failing = True
                await asyncio.sleep(1.0)

    def _read_later(self, code: str, kind: str) -> None:
        task = asyncio.create_task(self._read(code, kind))
        self._reads.add(task)
        task.add_done_callback(self._reads.discard)

    async def _received(self, raw: bytes) -> None:
        """Another worker's changes: rooms open here re-read those parts (in the background,
        so one room's read never holds up the next message)."""
        try:
            message = json.loads(raw)
            if message["from"] == self.instance:
                return
            for code, kind, _version in message["changes"]:
                if str(code) in rooms:
                    self._read_later(str(code), str(kind))
        except Exception:
            log.warning("party: a relayed room change was not read", exc_info=True)
