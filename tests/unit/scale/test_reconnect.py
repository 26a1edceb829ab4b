"""A page keeps its token when its worker died (app/reconnect.py), against a real Redis
and Reflex's own socket records; a live worker's record still makes a second tab new."""

from __future__ import annotations

import asyncio
import pickle
import uuid

import pytest

from app import reconnect

REDIS_URL = "redis://127.0.0.1:6379/12"


class Manager:
    """The parts of Reflex's RedisTokenManager that app/reconnect.py uses."""

    def __init__(self, redis) -> None:  # type: ignore[no-untyped-def]
        self.redis = redis
        self.instance_id = uuid.uuid4().hex
        self.token_to_socket: dict = {}
        self.linked: list[str] = []

    def _get_redis_key(self, token: str) -> str:
        return f"token_manager_socket_record_{token}"

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        self.linked.append(token)
        return "new-token" if await self.redis.exists(self._get_redis_key(token)) else None


@pytest.mark.redis
def test_a_record_of_a_dead_worker_is_dropped_and_a_live_ones_kept() -> None:
    import redis.asyncio as aioredis
    from reflex.utils.token_manager import SocketRecord

    async def run() -> None:
        client = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        try:
            await client.ping()
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc})")
        here, alive_elsewhere = Manager(client), Manager(client)
        reconnect.install(here)
        stop = asyncio.Event()
        app = type("App", (), {"event_namespace": type("NS", (), {"_token_manager": alive_elsewhere})()})()
        holder = asyncio.create_task(reconnect.keep_alive(app, stop))
        await asyncio.sleep(0.3)
        dead_token, live_token = str(uuid.uuid4()), str(uuid.uuid4())
        await client.set(here._get_redis_key(dead_token), pickle.dumps(SocketRecord(instance_id="gone", sid="s1")), ex=60)
        await client.set(here._get_redis_key(live_token),
                         pickle.dumps(SocketRecord(instance_id=alive_elsewhere.instance_id, sid="s2")), ex=60)
        try:
            assert await here.link_token_to_sid(dead_token, "s3") is None  # kept its token: its state
            assert await here.link_token_to_sid(live_token, "s4") == "new-token"  # a real second tab
        finally:
            stop.set()
            await holder
            await client.delete(here._get_redis_key(dead_token), here._get_redis_key(live_token))
            await client.aclose()

    asyncio.run(run())
