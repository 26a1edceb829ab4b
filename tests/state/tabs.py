"""Reflex states without a browser: a tab's state tree as the server holds it, and a
real python-socketio server whose sockets record what they would be sent.

Event handlers are plain methods on these states: `await tab.state(S).load()`.
Background events (`async with self`) need a state manager; test what they call.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest
import reflex as rx
import socketio
from reflex.istate.data import HeaderData, ReflexURL, RouterData, SessionData
from reflex.utils import format as rx_format

from services import accounts
from state import live as live_push
from state import party_registry
from state.auth import SESSION_COOKIE
from state.party_room import ROOM_STATES

S = TypeVar("S", bound=rx.State)
NAMESPACE = "/_event"
ROOM_STATE_NAMES = {cls.get_full_name() for cls in ROOM_STATES}


class RecordingServer(socketio.AsyncServer):
    """A real socket.io server whose sockets record the frames written to them."""

    def __init__(self) -> None:
        super().__init__(async_mode="asgi", json=SimpleNamespace(dumps=rx_format.json_dumps, loads=json.loads))
        self.frames: dict[str, list[str]] = {}

    async def _send_eio_packet(self, eio_sid: str, eio_pkt: Any) -> None:
        self.frames.setdefault(eio_sid, []).append(eio_pkt.data)

    async def tab(self, n: int) -> str:
        """Connect tab `n` to the event namespace; returns its socket id."""
        eio_sid = f"eio{n}"
        self.frames[eio_sid] = []
        return await self.manager.connect(eio_sid, NAMESPACE)

    def deltas(self, sid: str) -> list[dict[str, Any]]:
        """What tab `sid` received: the room vars of each state update, in order."""
        eio_sid = self.manager.eio_sid_from_sid(sid, NAMESPACE)
        out = []
        for frame in self.frames[eio_sid]:
            event, update = json.loads(frame[frame.index("[") :])
            assert event == "event"
            assert set(update["delta"]) <= ROOM_STATE_NAMES
            out.append({k.removesuffix("_rx_state_"): v for state in update["delta"].values() for k, v in state.items()})
        return out

    def shown(self, sid: str) -> dict[str, Any]:
        """What tab `sid` shows now: every room var it received, the latest value of each."""
        seen: dict[str, Any] = {}
        for delta in self.deltas(sid):
            seen.update(delta)
        return seen


@pytest.fixture
async def server() -> AsyncIterator[RecordingServer]:
    sio = RecordingServer()
    namespace = socketio.AsyncNamespace(NAMESPACE)
    namespace.token_to_sid = {}  # type: ignore[attr-defined]  (Reflex's namespace has it; the tickers' sweeps read it)
    sio.register_namespace(namespace)
    live_push.bind(SimpleNamespace(sio=sio, event_namespace=namespace))  # type: ignore[arg-type]
    yield sio
    tickers = [room.ticker for room in party_registry.rooms.values() if room.ticker is not None]
    for ticker in tickers:
        ticker.cancel()
    await asyncio.gather(*tickers, return_exceptions=True)
    party_registry.rooms.clear()
    live_push._app = None




def with_session_cookie(root: rx.State, session_token: str) -> None:
    """The tab's websocket handshake carried the HttpOnly session cookie: that is the only
    place `state/auth.py` reads the session from (the token never sits in page state)."""
    router = root.router
    root.router = dataclasses.replace(
        router, headers=HeaderData.from_router_data({"headers": {"cookie": f"{SESSION_COOKIE}={session_token}"}}))


def with_cookie(root: rx.State, name: str, value: str) -> None:
    """The tab's handshake also carried cookie `name` (e.g. the party's HttpOnly guest id)."""
    router = root.router
    cookies = [c for c in (router.headers.cookie or "").split("; ") if c and not c.startswith(name + "=")]
    root.router = dataclasses.replace(
        router, headers=HeaderData.from_router_data({"headers": {"cookie": "; ".join([*cookies, f"{name}={value}"])}}))


class Tab:
    """One browser tab: its whole state tree, its client token and the page it shows."""

    def __init__(self, path: str = "/", token: str | None = None, sid: str | None = None) -> None:
        self.token = token or uuid.uuid4().hex
        self.sid = sid or "sid-" + self.token
        self.session_token = ""
        self.root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
        self.go(path)

    def go(self, path: str) -> None:
        """Open `path` (what `self.router.url` says in the handlers); a session cookie stays."""
        self.root.router = RouterData(
            session=SessionData(client_token=self.token, client_ip="127.0.0.1", session_id=self.sid),
            headers=getattr(self.root, "router", RouterData()).headers,
            url=ReflexURL("http://localhost:3000" + path),
        )

    async def connect(self, server: RecordingServer) -> str:
        """Open this tab's socket on `server` (what a room page needs); returns its socket id."""
        self.sid = await server.tab(len(server.frames))
        self.go(self.root.router.url.path)
        return self.sid

    def state(self, cls: type[S]) -> S:
        return self.root.get_substate(cls.get_full_name().split(".")[1:])  # type: ignore[return-value]

    async def run(self, handler: Any, *args: Any) -> list[Any]:
        """Run event handler `handler` (e.g. `EventsState.search`, background ones included)
        on this tab's state with `args`, to its end; returns what it returned or yielded."""
        state = self.state(handler.state)
        result = handler.fn(state, *args)
        if inspect.isasyncgen(result):
            return [effect async for effect in result]
        if inspect.isawaitable(result):
            result = await result
        return [result]

    def sign_in(self, session_token: str) -> None:
        """This tab's socket now carries the session cookie, as a signed-in browser's does."""
        self.session_token = session_token
        with_session_cookie(self.root, session_token)

    def sign_up(self, name: str) -> int:
        """A new account, signed in on this tab; returns its user id."""
        user, token = accounts.sign_up(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "good pass 123", name)
        self.sign_in(token)
        return user.id


def wire(value: Any) -> Any:
    """A value as a tab receives it (rows arrive as JSON objects)."""
    return json.loads(rx_format.json_dumps(value))
