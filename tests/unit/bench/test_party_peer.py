"""The party bench's reference peer and its raw Socket.IO client work together:
a vote reaches everyone in the room and only that room, the same vote again
withdraws it, and each vote prints the fan-out line the bench parses."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

from _party_peer import create_app  # noqa: E402
from _sio_wire import SioClient  # noqa: E402

from tests.apprunner import free_port  # noqa: E402


@pytest.fixture
def tracks() -> int:
    return 1


@pytest.fixture
async def peer(tmp_path: Path, tracks: int) -> AsyncIterator[str]:
    script = tmp_path / "socket.io.min.js"
    script.write_text("/* the socket.io client */")
    port = free_port()
    app = create_app(script, tracks=tracks)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", ws="wsproto", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


class Member:
    """A raw client that remembers every score it was sent."""

    def __init__(self, url: str) -> None:
        self.scores: list[str] = []  # the first track's
        self.queue: list[dict] = []  # the last queue sent
        self.changed = asyncio.Event()
        self.client = SioClient(url, "/socket.io", on_event=self.on_event)

    def on_event(self, name: str, data: dict, at: float) -> None:
        if name == "room":
            self.queue = data["queue"]
            self.scores.append(data["queue"][0]["score"])
            self.changed.set()

    async def join(self, code: str) -> None:
        await self.client.connect(timeout=5)
        await self.client.emit("join", {"code": code, "name": "Sam"})
        await self.next_score()

    async def next_score(self) -> str:
        await asyncio.wait_for(self.changed.wait(), 5)
        self.changed.clear()
        return self.scores[-1]


async def test_a_vote_reaches_the_room_and_a_second_withdraws_it(peer: str, capfd: pytest.CaptureFixture[str]) -> None:
    alice, bob, elsewhere = Member(peer), Member(peer), Member(peer)
    await alice.join("ROOM1")
    await bob.join("ROOM1")
    await elsewhere.join("ROOM2")

    await alice.client.emit("vote", {"item_id": "1", "value": 1})
    assert [await alice.next_score(), await bob.next_score()] == ["+1", "+1"]
    await bob.client.emit("vote", {"item_id": "1", "value": 1})
    assert [await alice.next_score(), await bob.next_score()] == ["+2", "+2"]
    await alice.client.emit("vote", {"item_id": "1", "value": 1})
    assert [await alice.next_score(), await bob.next_score()] == ["+1", "+1"]

    assert elsewhere.scores == ["0"]
    for member in (alice, bob, elsewhere):
        await member.client.close()
    lines = [line for line in capfd.readouterr().out.splitlines() if line.startswith("party-fanout")]
    assert len(lines) == 3
    assert lines[0].startswith("party-fanout code=ROOM1 version=1 sockets=2 received=")


async def test_the_page_carries_the_apps_test_ids(peer: str) -> None:
    async with httpx.AsyncClient(base_url=peer) as http:
        page = (await http.get("/party/ROOM1")).text
        script = await http.get("/socket.io.min.js")
    for test_id in ("guest-name", "join-submit", "queue-score", "vote-up"):
        assert test_id in page
    assert script.status_code == 200


@pytest.mark.parametrize("tracks", [3])
async def test_a_room_of_several_tracks_counts_each_tracks_votes_apart(peer: str) -> None:
    """`--tracks` (the bench's longer queues): a vote changes its own track's score only,
    and a person who leaves takes their votes along."""
    alice, bob = Member(peer), Member(peer)
    await alice.join("ROOM1")
    await bob.join("ROOM1")
    assert [(q["id"], q["score"]) for q in alice.queue] == [("1", "0"), ("2", "0"), ("3", "0")]

    await alice.client.emit("vote", {"item_id": "2", "value": -1})
    await bob.next_score()
    await bob.client.emit("vote", {"item_id": "2", "value": -1})
    await bob.next_score()
    await alice.client.emit("vote", {"item_id": "1", "value": 1})
    await bob.next_score()
    assert [q["score"] for q in bob.queue] == ["+1", "-2", "0"]

    await alice.client.emit("vote", {"item_id": "9", "value": 1})  # no such track: nothing is sent
    await alice.client.close()
    for _ in range(50):  # the server learns of the closed socket a moment later: vote until it shows
        await bob.client.emit("vote", {"item_id": "3", "value": 1})
        await bob.next_score()
        if [q["score"] for q in bob.queue][:2] == ["0", "-1"]:
            break
    assert [q["score"] for q in bob.queue][:2] == ["0", "-1"]  # Alice's votes left with her
    await bob.client.close()
