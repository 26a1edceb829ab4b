"""The reference peer of `bench/party.py`: the smallest party room python-socketio can serve.

    .venv/bin/python bench/_party_peer.py --port 8123

A python-socketio `AsyncServer(async_mode="asgi")` on uvicorn, one process, state
in memory: a page `/party/<CODE>` that looks like the app's queue row to the
bench (same test ids: `guest-name`, `join-submit`, `queue-title`, `queue-score`,
`vote-up`), a socket.io room per party, and a vote handler that updates the
score and sends the new room view with ONE `emit(..., to=room)`. It is what the
app's party transport is measured against (issue 12): same page, same vote,
nothing else.

Socket events: `join {code, name}` -> `room` to the joiner; `vote {item_id,
value}` (the same vote again withdraws it, as in the app) -> `room` to
everyone. `--tracks K`: every room starts with K queued tracks (one by default). For each vote it prints, in the app's `PARTY_TRACE` format,
`party-fanout code=<CODE> version=<int> sockets=<int> received=<epoch>
written=<epoch>` (received = the handler started, written = the emit to the
room returned, i.e. the last frame was handed to the transport), so the bench
reads both servers' fan-out times with one parser.

uvicorn's defaults otherwise, so it accepts permessage-deflate when the client
offers it (browsers do); `--no-deflate` refuses it, as the app's server does.

The socket.io browser client is served from the app's own build
(`.web/node_modules/socket.io-client/dist/socket.io.min.js`, or bun's cache):
nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
ITEM_ID = "1"  # the first queued track of every room (the one the bench votes on)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Party peer</title>
<script src="/socket.io.min.js"></script>
<style>body{font-family:sans-serif;margin:2rem}.row{display:flex;gap:.75rem;align-items:center}</style>
</head><body>
<main id="main">
  <form id="join-form">
    <label for="display_name">Your name in the room</label>
    <input id="display_name" name="display_name" maxlength="40" data-testid="guest-name">
    <button type="submit" data-testid="join-submit">Join as a guest</button>
  </form>
</main>
<script>
const code = location.pathname.split("/").filter(Boolean)[1] || "";
const socket = io({transports: ["websocket"]});
const main = document.getElementById("main");
const scores = {};
document.getElementById("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  socket.emit("join", {code, name: document.getElementById("display_name").value});
});
socket.on("room", (room) => {
  if (document.getElementById("join-form")) {
    main.innerHTML = "";
    for (const item of room.queue) {
      const row = document.createElement("div");
      row.className = "row";
      row.dataset.testid = "queue-row";
      const title = document.createElement("span");
      title.dataset.testid = "queue-title";
      title.textContent = item.title;
      const up = document.createElement("button");
      up.dataset.testid = "vote-up";
      up.textContent = "+";
      up.addEventListener("click", () => socket.emit("vote", {item_id: item.id, value: 1}));
      const score = document.createElement("span");
      score.dataset.testid = "queue-score";
      const down = document.createElement("button");
      down.textContent = "-";
      down.addEventListener("click", () => socket.emit("vote", {item_id: item.id, value: -1}));
      row.append(title, up, score, down);
      main.append(row);
      scores[item.id] = score;
    }
  }
  for (const item of room.queue) {
    if (scores[item.id]) scores[item.id].textContent = item.score;
  }
});
</script>
</body></html>
"""


def socketio_client_js() -> Path:
    """The socket.io browser client the app's build installed (never fetched at run time)."""
    candidates = [ROOT / ".web/node_modules/socket.io-client/dist/socket.io.min.js"]
    candidates += sorted(Path.home().glob(".bun/install/cache/socket.io-client@*/dist/socket.io.min.js"), reverse=True)
    for path in candidates:
        if path.is_file():
            return path
    raise SystemExit("socket.io.min.js not found: build the app once (it installs socket.io-client into .web)")


@dataclass
class Room:
    """One party: its queued tracks (ids "1".."tracks"), each person's vote on each, the sockets in it."""

    code: str
    tracks: int = 1
    version: int = 0
    votes: dict[tuple[str, str], int] = field(default_factory=dict)  # (sid, item id) -> +1 / -1
    scores: dict[str, int] = field(default_factory=dict)  # item id -> sum of its votes
    sids: set[str] = field(default_factory=set)

    def item_ids(self) -> list[str]:
        return [str(n) for n in range(int(ITEM_ID), int(ITEM_ID) + self.tracks)]

    def vote(self, sid: str, item_id: str, value: int) -> None:
        """The same vote again withdraws it, as in the app."""
        before = self.votes.pop((sid, item_id), 0)
        after = 0 if before == value else value
        if after:
            self.votes[sid, item_id] = after
        self.scores[item_id] = self.scores.get(item_id, 0) - before + after

    def drop(self, sid: str) -> None:
        for item_id in self.item_ids():
            self.scores[item_id] = self.scores.get(item_id, 0) - self.votes.pop((sid, item_id), 0)

    def view(self) -> dict[str, Any]:
        def shown(score: int) -> str:
            return f"{score:+d}" if score else "0"

        titles = {ITEM_ID: "Vote on me"}
        return {
            "code": self.code,
            "version": self.version,
            "queue": [{"id": i, "title": titles.get(i, f"Track {i}"), "score": shown(self.scores.get(i, 0))}
                      for i in self.item_ids()],
        }


def create_app(js_path: Path | None = None, tracks: int = 1) -> socketio.ASGIApp:
    """The peer's ASGI app: Socket.IO at `/socket.io/`, the page, the client script, `/ping`;
    every room starts with `tracks` queued tracks."""
    sio = socketio.AsyncServer(async_mode="asgi", transports=["websocket"], cors_allowed_origins=[])
    rooms: dict[str, Room] = {}
    where: dict[str, str] = {}  # sid -> room code
    script = js_path or socketio_client_js()

    @sio.event
    async def join(sid: str, data: dict[str, Any]) -> None:
        code = str((data or {}).get("code") or "").upper()
        if not code:
            return
        room = rooms.setdefault(code, Room(code, tracks))
        room.sids.add(sid)
        where[sid] = code
        await sio.enter_room(sid, code)
        await sio.emit("room", room.view(), to=sid)

    @sio.event
    async def vote(sid: str, data: dict[str, Any]) -> None:
        received = time.time()
        room = rooms.get(where.get(sid, ""))
        item_id = str((data or {}).get("item_id"))
        if room is None or item_id not in room.item_ids():
            return
        room.vote(sid, item_id, 1 if int((data or {}).get("value") or 0) > 0 else -1)
        room.version += 1
        await sio.emit("room", room.view(), to=room.code)
        written = time.time()
        print(
            f"party-fanout code={room.code} version={room.version} sockets={len(room.sids)} "
            f"received={received:.6f} written={written:.6f}",
            flush=True,
        )

    @sio.event
    async def disconnect(sid: str, *_: Any) -> None:
        room = rooms.get(where.pop(sid, ""))
        if room is not None:
            room.sids.discard(sid)
            room.drop(sid)

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(PAGE)

    async def client_js(request: Request) -> FileResponse:
        return FileResponse(script, media_type="application/javascript")

    async def ping(request: Request) -> PlainTextResponse:
        return PlainTextResponse("pong")

    web = Starlette(routes=[
        Route("/party/{code}", page),
        Route("/socket.io.min.js", client_js),
        Route("/ping", ping),
    ])
    return socketio.ASGIApp(sio, other_asgi_app=web)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-deflate", action="store_true", help="refuse websocket compression (the app's granian offers none)")
    parser.add_argument("--tracks", type=int, default=1, help="queued tracks every room starts with")
    args = parser.parse_args()
    app = create_app(tracks=args.tracks)
    print(f"party peer on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="warning", ws="wsproto", lifespan="off",
        ws_per_message_deflate=not args.no_deflate,
    )


if __name__ == "__main__":
    main()
