"""A minimal Socket.IO v5 client over one websocket (Engine.IO v4), for the party bench.

The bench opens up to a hundred of these in its own process against two servers
(the Reflex app's `/_event` socket and the python-socketio reference peer), so
it is small and asyncio-only: wsproto (already installed with python-engineio)
over asyncio streams, websocket transport only (as the app's pages use), and
permessage-deflate offered the way a browser offers it. aiohttp, which
python-socketio's own `AsyncClient` needs, is not installed.

Wire format (one Engine.IO packet per websocket text message):
`0{...}` open, `2` ping -> answer `3`, `4` + a Socket.IO packet: `0/ns,{auth}`
connect, `2/ns,<ack>["name", data]` event, `4/ns,{...}` connect error.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)
from wsproto.extensions import PerMessageDeflate

EventHandler = Callable[[str, Any, float], None]


class SocketIOError(RuntimeError):
    """The server refused the websocket or the namespace, or closed it."""


class SioClient:
    """One Socket.IO connection; `on_event(name, data, received_at)` sees every event.

    `received_at` is the epoch time the bytes carrying the event were read, taken
    before any parsing, so a bench with many clients in one process adds little
    of its own work to the latency it measures.
    """

    def __init__(
        self, base_url: str, path: str, *, namespace: str = "/", query: dict[str, str] | None = None,
        auth: Any = None, on_event: EventHandler | None = None, compress: bool = True,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 80
        self.target = f"/{path.strip('/')}/?" + urlencode({"EIO": "4", "transport": "websocket", **(query or {})})
        self.namespace = namespace
        self.auth = auth
        self.on_event = on_event or (lambda name, data, at: None)
        self.compress = compress
        self.headers = list(headers or [])  # extra handshake headers (a cookie)
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._connected: asyncio.Future[None] | None = None
        self._text: list[str] = []
        self.closed = False
        self.extensions: list[str] = []  # websocket extensions the server accepted

    # ---- connecting

    async def connect(self, timeout: float = 60) -> None:
        """Open the websocket, read the Engine.IO handshake, connect the namespace."""
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        extensions = [PerMessageDeflate()] if self.compress else []
        self._writer.write(self._ws.send(Request(host=f"{self.host}:{self.port}", target=self.target, extensions=extensions,
                                            extra_headers=[(k.encode(), v.encode()) for k, v in self.headers])))
        self._connected = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(asyncio.shield(self._connected), timeout)

    def _prefix(self) -> str:
        return "" if self.namespace == "/" else f"{self.namespace},"

    async def emit(self, name: str, data: Any) -> None:
        """Send one Socket.IO event (no acknowledgement asked)."""
        self._send_text("42" + self._prefix() + json.dumps([name, data], separators=(",", ":")))
        assert self._writer is not None
        await self._writer.drain()

    async def close(self) -> None:
        """Close the websocket and stop reading."""
        if self._writer is not None and not self.closed:
            self.closed = True
            try:
                self._writer.write(self._ws.send(CloseConnection(code=1000)))
                await self._writer.drain()
            except Exception:  # noqa: BLE001 - the connection may already be gone; closing anyway
                pass
            self._writer.close()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass

    # ---- the wire

    def _send_text(self, text: str) -> None:
        assert self._writer is not None
        self._writer.write(self._ws.send(TextMessage(data=text)))

    def _fail(self, error: Exception) -> None:
        if self._connected is not None and not self._connected.done():
            self._connected.set_exception(error)

    async def _read_loop(self) -> None:
        assert self._reader is not None and self._writer is not None
        try:
            while True:
                data = await self._reader.read(65536)
                at = time.time()
                if not data:
                    self._fail(SocketIOError("the server closed the connection"))
                    return
                self._ws.receive_data(data)
                for event in self._ws.events():
                    if isinstance(event, AcceptConnection):
                        self.extensions = [extension.name for extension in event.extensions]
                        continue
                    if isinstance(event, RejectConnection | RejectData):
                        self._fail(SocketIOError(f"websocket refused: {getattr(event, 'status_code', '')}"))
                        return
                    if isinstance(event, Ping):
                        self._writer.write(self._ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        self.closed = True
                        self._fail(SocketIOError(f"websocket closed: {event.code} {event.reason}"))
                        return
                    elif isinstance(event, TextMessage):
                        self._text.append(event.data)
                        if event.message_finished:
                            text, self._text = "".join(self._text), []
                            self._on_packet(text, at)
                    elif isinstance(event, BytesMessage):
                        pass  # the bench's servers send no binary attachments
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            self._fail(SocketIOError(str(exc)))

    def _on_packet(self, text: str, at: float) -> None:
        kind, body = text[:1], text[1:]
        if kind == "0":  # Engine.IO open: connect the namespace
            auth = "" if self.auth is None else json.dumps(self.auth, separators=(",", ":"))
            self._send_text("40" + self._prefix() + auth)
        elif kind == "2":  # ping
            self._send_text("3")
        elif kind == "4":
            self._on_socketio(body, at)
        elif kind == "1":
            self._fail(SocketIOError("Engine.IO close"))

    def _on_socketio(self, packet: str, at: float) -> None:
        kind, rest = packet[:1], packet[1:]
        if rest.startswith("/"):
            namespace, _, rest = rest.partition(",")
            if namespace != self.namespace:
                return
        if kind == "0":
            if self._connected is not None and not self._connected.done():
                self._connected.set_result(None)
        elif kind == "4":
            self._fail(SocketIOError(f"namespace refused: {rest}"))
        elif kind == "2":
            start = 0
            while start < len(rest) and rest[start].isdigit():
                start += 1  # an acknowledgement id: not used here
            payload = json.loads(rest[start:])
            if payload:
                self.on_event(payload[0], payload[1] if len(payload) > 1 else None, at)
