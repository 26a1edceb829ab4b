"""The room view a page renders, and the change announcements the live layer pushes."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest

from services import live, party
from tests.unit.party.conftest import Room, later, track

pytestmark = pytest.mark.usefixtures("db")


def test_room_view_has_everything_the_page_shows(room: Room) -> None:
    gus = room.guest("Gus")
    a = party.add_to_queue(room.code, gus, track(1), now=later(1))
    b = party.add_to_queue(room.code, room.host, track(2), now=later(2))
    c = party.add_to_queue(room.code, gus, track(3), now=later(3))
    party.vote(room.code, gus, b, 1)
    party.vote(room.code, gus, c, -1)
    party.advance_if_ended(room.code, now=later(4))  # b (score 1) starts
    party.post_message(room.code, gus, "tune!", now=later(5))
    view = party.room_view(room.code, gus, now=later(34))
    assert (view.room.code, view.room.name, view.room.locked, view.room.ended) == (room.code, "Friday Night", False, False)
    assert view.now_playing is not None and view.now_playing.item_id == b and view.now_playing.position_ms == 30_000
    assert [(q.id, q.score, q.added_by_name) for q in view.queue] == [(a, 0, "Gus"), (c, -1, "Gus")]
    assert view.me.my_votes == {c: -1}  # the vote on b went with it when it started
    assert (view.me.role, view.me.display_name, view.me.is_guest, view.me.my_queued) == ("listener", "Gus", True, 2)
    assert view.me.permissions == party.Permissions(can_add=True, can_moderate=False, can_control_playback=False, can_manage=False)
    assert [m.display_name for m in view.members] == ["Hana", "Gus"]
    assert [c.text for c in view.chat] == ["tune!"]
    host_view = party.room_view(room.code, room.host, now=later(34))
    assert host_view.me.permissions.can_manage and host_view.me.my_votes == {}
    assert host_view.version == view.version  # the shared part is the same for both


def test_every_change_bumps_the_version_and_a_failed_one_does_not(room: Room) -> None:
    gus = room.guest("Gus")
    v1 = party.room_snapshot(room.code).version
    item = party.add_to_queue(room.code, gus, track(1))
    v2 = party.room_snapshot(room.code).version
    assert v2 == v1 + 1
    olga = room.guest("Olga")
    v3 = party.room_snapshot(room.code).version
    assert v3 == v2 + 1
    with pytest.raises(party.PartyPermissionError):
        party.remove_item(room.code, olga, item)
    assert party.room_snapshot(room.code).version == v3  # a refused action changes nothing
    assert party.heartbeat(room.code, gus) is True
    assert party.room_snapshot(room.code).version == v3  # a routine heartbeat is not a change


def test_snapshot_is_json_ready(room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1))
    party.advance_if_ended(room.code, now=later(0))
    data = party.room_snapshot(room.code, now=later(10)).to_dict()
    assert data["now_playing"]["title"] == "Song 1" and data["now_playing"]["position_ms"] == 10_000
    assert isinstance(data["now_playing"]["started_at"], str) and data["room"]["code"] == room.code
    me = party.viewer_state(room.code, room.host).to_dict()
    assert me["role"] == "host" and me["permissions"]["can_manage"] is True


@pytest.fixture
def heard() -> Iterator[list[live.Change]]:
    """Changes published on the `party` topic, delivered by a real event loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    got: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        got.append(change)

    live.subscribe(party.TOPIC, listener)
    live.bind_loop(loop)
    yield got
    live.bind_loop(None)  # type: ignore[arg-type]
    live._listeners[party.TOPIC].remove(listener)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(2)
    loop.close()


def _wait_for(got: list[live.Change], count: int) -> None:
    deadline = time.monotonic() + 3
    while len(got) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_each_change_is_announced_for_its_room(room: Room, heard: list[live.Change]) -> None:
    gus = room.guest("Gus")
    item = party.add_to_queue(room.code, gus, track(1))
    party.vote(room.code, room.host, item, 1)
    party.post_message(room.code, gus, "hi")
    with pytest.raises(party.ItemGone):
        party.vote(room.code, gus, 424242, 1)  # refused: nothing to announce
    _wait_for(heard, 4)
    time.sleep(0.05)
    assert [(c.room, c.data["kind"]) for c in heard] == [
        (room.code, "members"), (room.code, "queue"), (room.code, "queue"), (room.code, "chat")
    ]
    versions = [c.data["version"] for c in heard]
    assert versions == sorted(versions) and len(set(versions)) == 4
    assert versions[-1] == party.room_snapshot(room.code).version


def _same_room(a: party.RoomSnapshot, b: party.RoomSnapshot) -> bool:
    return a.to_dict() | {"at": None} == b.to_dict() | {"at": None}


def test_reading_only_what_a_change_can_alter_gives_the_same_room_as_reading_it_all(room: Room) -> None:
    """`next_snapshot` re-reads the queue after a vote, the chat after a message, the
    members (and queue) after a join or a removal: after every kind of change the
    result must equal a full read, or a page would show a stale part."""
    gus = room.guest("Gus", now=later(1))
    snap = party.room_snapshot(room.code, now=later(2))
    steps = [
        ("queue", lambda: party.add_to_queue(room.code, gus, track(1), now=later(3))),
        ("queue", lambda: party.add_to_queue(room.code, gus, track(2), now=later(4))),
        ("queue", lambda: party.vote(room.code, room.host, party.room_snapshot(room.code).queue[-1].id, 1)),
        ("chat", lambda: party.post_message(room.code, gus, "hi all", now=later(5))),
        ("members", lambda: room.guest("Olga", now=later(6))),
        ("members", lambda: party.remove_member(room.code, room.host, room.member_id(gus), now=later(7))),
        ("playback", lambda: party.advance_if_ended(room.code, now=later(8))),
        ("room", lambda: party.set_locked(room.code, room.host, True)),
    ]
    for kind, change in steps:
        change()
        partial = party.next_snapshot(room.code, snap, {kind}, now=later(9))
        assert _same_room(partial, party.room_snapshot(room.code, now=later(9))), kind
        snap = partial
    assert snap.queue == [] and snap.now_playing is None  # Gus's tracks left with him: nothing to play
    assert [c.text for c in snap.chat] == ["hi all"] and snap.room.locked


def test_a_view_read_inside_the_changes_own_transaction_is_that_version_and_a_failed_read_keeps_the_change(
    room: Room,
) -> None:
    """`claim_changes(read)` reads the room right after the write, before the commit
    (how a tab's own action is shown): the view is exactly the committed room, and a
    read that fails leaves the change committed and claimed for the slow path."""
    gus = room.guest("Gus", now=later(1))
    item = party.add_to_queue(room.code, gus, track(1), now=later(2))
    base = party.room_snapshot(room.code, now=later(3))
    views: list[party.RoomSnapshot] = []

    def read(db, changed, kind):  # type: ignore[no-untyped-def]
        views.append(party.snapshot_after(db, changed, base, {kind}, now=later(4)))

    with party.claim_changes(read) as changes:
        party.vote(room.code, gus, item, 1)
    (view,) = views
    assert [(c.kind, c.version) for c in changes] == [("queue", view.version)]
    assert _same_room(view, party.room_snapshot(room.code, now=later(4)))
    assert view.queue[0].score == 1

    def failing(db, changed, kind):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in the read")

    with party.claim_changes(failing) as changes:
        party.vote(room.code, room.host, item, 1)
    assert [c.kind for c in changes] == ["queue"]
    assert party.room_snapshot(room.code).queue[0].score == 2
