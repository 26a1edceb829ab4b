"""The two servers the party bench (`bench/party.py`) compares: the app (started by
`tests.apprunner.start_app`) and the reference peer `bench/_party_peer.py`; where
each answers, its processes, and the fan-out lines it logs."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

from tests.apprunner import free_port

ROOT = Path(__file__).resolve().parents[1]
FANOUT = re.compile(
    r"party-fanout code=(?P<code>\S+) version=(?P<version>\d+) sockets=(?P<sockets>\d+) "
    r"received=(?P<received>[\d.]+) written=(?P<written>[\d.]+)"
)


def setup_room(tracks: int = 1) -> str:
    """A Pro host (rooms beyond the Free plan's 10 people) and a room with `tracks` queued
    tracks (the first is the one the bench votes on) after the one playing."""
    from services import accounts, party
    from services.billing import set_plan_override
    from services.db import session_scope
    from services.party import Identity, TrackRef

    user, _ = accounts.sign_up(f"bench-host-{time.time_ns()}@example.com", "good pass 123", "Bench host")
    with session_scope() as db:
        set_plan_override(db, user.id, "pro")
    code = party.create_room(user.id, "Bench party").code
    host = Identity.user(user.id)
    party.add_to_queue(code, host, TrackRef("bench-1", "Playing now", "Bench", duration_ms=600_000))
    party.advance_if_ended(code)
    party.add_to_queue(code, host, TrackRef("bench-2", "Vote on me", "Bench", duration_ms=600_000))
    for n in range(2, tracks + 1):
        party.add_to_queue(code, host, TrackRef(f"bench-{n + 1}", f"Track {n}", "Bench", duration_ms=600_000))
    return code


@dataclass
class Server:
    """One server under test: where it answers, its processes, where its fan-out lines go."""

    name: str  # "app" | "peer"
    url: str
    process: subprocess.Popen[bytes] | Any
    log_path: Path
    include_root: bool  # the peer IS its process; the app's `reflex run` CLI only waits on its children
    tracks: int = 1  # queued tracks in each new room

    def pids(self) -> list[int]:
        root = psutil.Process(self.process.pid)
        procs = ([root] if self.include_root else []) + root.children(recursive=True)
        return [p.pid for p in procs]

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                total += psutil.Process(pid).memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total / 2**20

    async def new_room(self) -> str:
        if self.name == "app":
            return await asyncio.to_thread(setup_room, self.tracks)
        return "P" + secrets.token_hex(3).upper()

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def fanouts(self, offset: int, code: str) -> list[tuple[float, float, int]]:
        """(received, written, sockets) of the fan-out lines for `code` logged since `offset`."""
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace")
        return [
            (float(m["received"]), float(m["written"]), int(m["sockets"]))
            for m in FANOUT.finditer(text)
            if m["code"] == code
        ]


def start_peer(log_dir: Path, deflate: bool = True, tracks: int = 1) -> Server:
    port = free_port()
    log_path = log_dir / "party-peer.log"
    log_file = open(log_path, "wb")  # noqa: SIM115 - lives as long as the peer
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "_party_peer.py"), "--port", str(port), "--tracks", str(tracks)]
        + ([] if deflate else ["--no-deflate"]),
        cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the peer exited:\n{log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return Server("peer", url, process, log_path, include_root=True, tracks=tracks)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the peer did not start in time")
        time.sleep(0.2)


def stop_peer(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
