"""Party pages without a browser: websocket clients speaking Reflex 0.10's protocol
(`bench/_sio_wire.py`), the way bench/party.py's raw cells do, plus what a page's
Reflex client does when its socket drops: reconnect with the same token (through
the proxy, so to a live worker) and hydrate again.

A member knows the voted item's score as last shown, and when each score arrived.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
from _party_members import ShownQueue, app_event_names, read_app_delta
from _sio_wire import SioClient, SocketIOError

TIMEOUT = 60.0


class Member:
    """One party page: join, vote, see every score; `reconnect()` after a dropped socket."""

    names: dict[str, str] = {}

    def __init__(self, url: str, code: str, path: str | None = None) -> None:
        if not Member.names:
            Member.names = app_event_names()
        self.url, self.code = url, code
        self.token = str(uuid.uuid4())
        path = path or f"/party/{code}"
        self.router_data = {"pathname": path, "asPath": path, "query": {"code": code}}
        self.item_id: str | None = None
        self.score: str | None = None
        self.scores: list[tuple[float, str]] = []  # (arrived, score) of every queue this page was sent
        self.shown = ShownQueue()
        self.hydrated = asyncio.Event()
        self.joined = asyncio.Event()
        self.reconnects = 0
        self.new_tokens = 0  # the server handed this page a new token: its state was lost
        self.cookie = ""  # this browser's guest cookie (`sbm_guest`), asked for once like a browser does
        self.client = self._client()

    def _client(self) -> SioClient:
        hydrate = {"name": self.names["hydrate"], "payload": {}, "router_data": self.router_data}
        return SioClient(self.url, "/_event", namespace="/_event", query={"token": self.token},
                         auth={"event": hydrate}, on_event=self._on_event,
                         headers=[("cookie", self.cookie)] if self.cookie else None)

    async def _guest_cookie(self) -> str:
        """What `GET /api/party/guest` gives a browser (one guest per browser: issue 26)."""
        async with httpx.AsyncClient(base_url=self.url, timeout=TIMEOUT) as http:
            answer = await http.get("/api/party/guest", params={"next": self.router_data["pathname"]})
        value = answer.cookies.get("sbm_guest")
        if not value:
            raise SocketIOError(f"no guest cookie from the app ({answer.status_code})")
        return f"sbm_guest={value}"

    @property
    def connected(self) -> bool:
        task = self.client._task
        return task is not None and not task.done() and not self.client.closed

    def _on_event(self, name: str, data: Any, at: float) -> None:
        if name == "new_token":
            self.new_tokens += 1
            return
        read_app_delta(self, data, at)

    def _saw_queue(self, queue: list[dict[str, Any]], at: float) -> None:
        item = next((q for q in queue if self.item_id is None or str(q.get("id")) == self.item_id), None)
        if item is None:
            return
        self.item_id, self.score = str(item.get("id")), str(item.get("score"))
        self.scores.append((at, self.score))
        self.joined.set()

    async def _send(self, handler: str, payload: dict[str, Any]) -> None:
        await self.client.emit("event", {"name": self.names[handler], "payload": payload, "router_data": self.router_data})

    async def open(self) -> None:
        """Connect and hydrate (the page's on_load ran): the join screen or, for a member, the room."""
        if not self.cookie:
            self.cookie = await self._guest_cookie()
            self.client = self._client()
        await self.client.connect(TIMEOUT)
        await asyncio.wait_for(self.hydrated.wait(), TIMEOUT)

    async def join(self, name: str) -> None:
        await self.open()
        await self._send("join", {"form": {"display_name": name}})
        await asyncio.wait_for(self.joined.wait(), TIMEOUT)

    async def vote(self) -> None:
        """+1 on the queued item (the same again withdraws it)."""
        await self._send("vote", {"item_id": self.item_id, "value": 1})

    async def reconnect(self, timeout: float = 30.0) -> float:
        """Reconnect with the same token until the room shows again; returns the seconds it took."""
        started = time.monotonic()
        await self.client.close()
        self.reconnects += 1
        while True:
            self.hydrated.clear()
            self.joined.clear()
            self.client = self._client()
            try:
                await self.client.connect(5)
                await asyncio.wait_for(self.joined.wait(), 10)
                return time.monotonic() - started
            except (SocketIOError, OSError, asyncio.TimeoutError):
                await self.client.close()
                if time.monotonic() - started > timeout:
                    raise
                await asyncio.sleep(0.3)

    async def wait_score(self, score: str, timeout: float = TIMEOUT) -> float:
        """Epoch time the page first showed `score` (waits for it)."""
        deadline = time.monotonic() + timeout
        while True:
            for at, seen in self.scores:
                if seen == score:
                    return at
            if time.monotonic() > deadline:
                raise asyncio.TimeoutError(f"score {score} never arrived (last {self.score})")
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        await self.client.close()
