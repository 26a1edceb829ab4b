"""The party bench's raw clients (`bench/party.py`): websocket clients that join a
room and vote the way a page does, without a browser, on the app and on the peer.

A guest on the app is a browser (the signed HttpOnly `sbm_guest` cookie, issue 26):
each raw app client carries its own guest cookie in the websocket handshake, as
each browser would, so N clients are N guests.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

from _sio_wire import SioClient

VOTE_TIMEOUT = 60.0  # seconds for every page/client to show one vote


def guest_cookie() -> str:
    """A new browser's guest cookie, signed with the app's secret (the bench shares its data dir)."""
    from services.party.guest import GUEST_COOKIE, new_guest_key, sign_guest

    return f"{GUEST_COOKIE}={sign_guest(new_guest_key())}"


def delta_vars(data: Any) -> Iterator[tuple[str, Any]]:
    """(var key, value) of every state var a Reflex update carries (any event with a
    delta counts: Reflex sends "event"; a room transport may name its own)."""
    if not isinstance(data, dict):
        return
    for substate in (data.get("delta") or {}).values():
        if isinstance(substate, dict):
            yield from substate.items()


class ShownQueue:
    """The queue a page of the app shows: its rows (`queue`) with their scores, which come
    as a var of their own (`scores`: a vote that moves no track sends only that)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.scores: dict[str, Any] = {}

    def rows_with_scores(self) -> list[dict[str, Any]]:
        return [{**row, "score": str(self.scores.get(str(row.get("id")), "0"))} for row in self.rows]


def read_app_delta(member: Any, data: Any, at: float) -> None:
    """What a page of the app learns from one update: hydrated (its on_load ran, the join
    form is up), and the room's queue with its scores (`member._saw_queue`)."""
    shown: ShownQueue = member.shown
    changed = False
    for key, value in delta_vars(data):
        if key == "is_hydrated_rx_state_" and value is True:
            member.hydrated.set()
        elif key.endswith("queue_rx_state_") and isinstance(value, list):
            shown.rows, changed = value, True
        elif key.endswith("scores_rx_state_") and isinstance(value, dict):
            shown.scores, changed = value, True
    if changed:
        member._saw_queue(shown.rows_with_scores(), at)


class RawMember:
    """One websocket client in a room; knows the queued item's score as last received."""

    def __init__(self) -> None:
        self.item_id: str | None = None
        self.score: str | None = None
        self.joined = asyncio.Event()
        self._waiters: list[tuple[str, asyncio.Future[float]]] = []
        self.client: SioClient

    def expect(self, score: str) -> asyncio.Future[float]:
        """A future set to the receive time of the first message showing `score`."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.append((score, future))
        return future

    def _saw_queue(self, queue: list[dict[str, Any]], at: float) -> None:
        item = next((q for q in queue if self.item_id is None or str(q.get("id")) == self.item_id), None)
        if item is None:
            return
        self.item_id, self.score = str(item.get("id")), str(item.get("score"))
        self.joined.set()
        keep = []
        for expected, future in self._waiters:
            if future.done():
                continue
            if expected == self.score:
                future.set_result(at)
            else:
                keep.append((expected, future))
        self._waiters = keep

    async def join(self, name: str) -> None:
        raise NotImplementedError

    async def vote(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        await self.client.close()


def app_event_names() -> dict[str, str]:
    """The handler names the compiled frontend sends (read from the state classes)."""
    import reflex as rx
    from reflex_base.constants import CompileVars
    from reflex_base.utils.format import format_event_handler

    from state.party import PartyMeState

    return {
        "hydrate": f"{rx.State.get_full_name()}.{CompileVars.HYDRATE_AND_LOAD}",
        "join": format_event_handler(PartyMeState.event_handlers["join"]),
        "vote": format_event_handler(PartyMeState.event_handlers["vote"]),
    }


class AppMember(RawMember):
    """A party page of the app, as the browser's Reflex client drives it, without the page."""

    names: dict[str, str] = {}

    def __init__(self, url: str, code: str) -> None:
        super().__init__()
        if not AppMember.names:
            AppMember.names = app_event_names()
        path = f"/party/{code}"
        self.router_data = {"pathname": path, "asPath": path, "query": {"code": code}}
        self.hydrated = asyncio.Event()
        self.shown = ShownQueue()
        hydrate = {"name": self.names["hydrate"], "payload": {}, "router_data": self.router_data}
        self.client = SioClient(
            url, "/_event", namespace="/_event", query={"token": str(uuid.uuid4())},
            auth={"event": hydrate}, on_event=self._on_event, headers=[("cookie", guest_cookie())],
        )

    def _on_event(self, name: str, data: Any, at: float) -> None:
        read_app_delta(self, data, at)

    async def _send(self, handler: str, payload: dict[str, Any]) -> None:
        await self.client.emit("event", {"name": self.names[handler], "payload": payload, "router_data": self.router_data})

    async def join(self, name: str) -> None:
        await self.client.connect()
        await asyncio.wait_for(self.hydrated.wait(), VOTE_TIMEOUT)
        await self._send("join", {"form": {"display_name": name}})
        await asyncio.wait_for(self.joined.wait(), VOTE_TIMEOUT)

    async def vote(self) -> None:
        await self._send("vote", {"item_id": self.item_id, "value": 1})


class PeerMember(RawMember):
    """A page of the reference peer, without the page."""

    def __init__(self, url: str, code: str) -> None:
        super().__init__()
        self.code = code
        self.client = SioClient(url, "/socket.io", on_event=self._on_event)

    def _on_event(self, name: str, data: Any, at: float) -> None:
        if name == "room" and isinstance(data, dict):
            self._saw_queue(data.get("queue") or [], at)

    async def join(self, name: str) -> None:
        await self.client.connect()
        await self.client.emit("join", {"code": self.code, "name": name})
        await asyncio.wait_for(self.joined.wait(), VOTE_TIMEOUT)

    async def vote(self) -> None:
        await self.client.emit("vote", {"item_id": self.item_id, "value": 1})
