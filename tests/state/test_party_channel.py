"""The party room channel on a real python-socketio server (no network: the last hop,
handing a frame to a socket, is recorded instead of written).

What a person in a room would notice: a change reaches every tab as the same small
message (only what changed), a late joiner sees the whole room, a burst of votes
ends on exact counts without one message per vote, and a change made on another
worker reaches this worker's tabs whatever this worker showed meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from services import live, party
from services.billing import set_plan_override
from services.db import session_scope
from state import party_channel, party_registry, party_relay
from state.party_room import ROOM_STATES, PartyQueueState, PartyScoresState
from tests.state.tabs import ROOM_STATE_NAMES, RecordingServer, server, wire  # noqa: F401  (the `server` fixture)
from tests.unit.party.conftest import Room, room, track  # noqa: F401  (the `room` fixture)


def fill(room: Room, count: int) -> None:
    """Queue tracks 0..count-1 and start playing track 0 (the rest wait)."""
    for n in range(count):
        party.add_to_queue(room.code, room.host, track(n))
    party.advance_if_ended(room.code)


async def show_room(server: RecordingServer, room: Room, n: int, who: party.Identity) -> str:
    sid = await server.tab(n)
    snap = await asyncio.to_thread(party.room_snapshot, room.code)
    await party_channel.welcome(room.code, sid, f"token{n}", who, snap)
    return sid


async def settled(code: str) -> None:
    """Let changes on their way arrive and the room's pump finish (without reading here)."""
    state = party_registry.rooms[code]
    for _ in range(100):
        await asyncio.sleep(0.02)
        if not state.pumping and not state.kinds:
            return


async def show_everyone(server: RecordingServer, room: Room, guests: int) -> tuple[list[party.Identity], list[str]]:
    """The host and `guests` guests each show the room (3 tracks: one playing, two waiting);
    their frames so far are dropped. Returns the people and their socket ids."""
    people = [room.host] + [room.guest(f"Guest {i}") for i in range(guests)]
    fill(room, 3)
    sids = [await show_room(server, room, i, who) for i, who in enumerate(people)]
    for frames in server.frames.values():
        frames.clear()
    return people, sids


async def test_a_vote_reaches_every_tab_as_one_identical_frame_with_only_what_changed(
    server: RecordingServer, room: Room
) -> None:
    people, sids = await show_everyone(server, room, 3)
    item = party.room_snapshot(room.code).queue[1]
    party.vote(room.code, people[2], item.id, 1)
    await party_channel.refresh(room.code)

    frames = [server.frames[f"eio{i}"] for i in range(len(sids))]
    assert all(len(f) == 1 for f in frames)
    assert len({f[0] for f in frames}) == 1  # encoded once, the same frame for everyone
    (delta,) = server.deltas(sids[0])
    assert set(delta) == {"queue", "scores"}  # the vote moved a track; members, chat, now playing: not sent
    frame = frames[0][0]
    assert PartyQueueState.get_full_name() in frame and PartyScoresState.get_full_name() in frame
    assert len(ROOM_STATE_NAMES) == 6  # only the queue's and the scores' states
    assert [q["title"] for q in delta["queue"]] == ["Song 2", "Song 1"]
    assert delta["scores"][delta["queue"][0]["id"]] == "+1"

    party.vote(room.code, people[1], item.id, 1)  # the top track gains a vote: nothing moves
    await party_channel.refresh(room.code)
    assert all(len(server.frames[f"eio{i}"]) == 2 for i in range(len(sids)))
    delta = server.deltas(sids[0])[-1]
    assert delta == {"scores": {str(item.id): "+2", str(party.room_snapshot(room.code).queue[1].id): "0"}}
    assert PartyQueueState.get_full_name() not in server.frames["eio0"][-1]  # the rows are not re-sent


async def test_a_tabs_own_action_reaches_the_room_as_one_frame_and_a_refused_one_sends_nothing(
    server: RecordingServer, room: Room
) -> None:
    people, sids = await show_everyone(server, room, 2)
    item = party.room_snapshot(room.code).queue[1]

    score = await party_channel.act(room.code, party.vote, people[1], item.id, 1)

    assert score == 1
    frames = [server.frames[f"eio{i}"] for i in range(len(sids))]
    assert all(len(f) == 1 for f in frames) and len({f[0] for f in frames}) == 1
    (delta,) = server.deltas(sids[0])
    assert set(delta) == {"queue", "scores"} and delta["scores"][str(item.id)] == "+1"

    with pytest.raises(party.PartyPermissionError):  # a listener removing someone else's track
        await party_channel.act(room.code, party.remove_item, people[2], item.id)
    assert all(len(f) == 1 for f in frames)


async def test_own_actions_mixed_with_announced_changes_leave_every_tab_on_the_rooms_exact_view(
    server: RecordingServer, room: Room
) -> None:
    """Votes sent straight from their worker thread while chat lines go through the pump:
    whichever way each change travels, the tab ends on exactly the stored room."""
    fill(room, 3)
    with session_scope() as db:
        set_plan_override(db, room.host.user_id or 0, "pro")
    voters = [room.guest(f"Voter {i}") for i in range(20)]
    sid = await show_room(server, room, 0, room.host)
    items = [q.id for q in party.room_snapshot(room.code).queue]
    live.bind_loop(asyncio.get_running_loop())  # announced changes reach the channel as in the app
    try:
        await asyncio.gather(
            *(party_channel.act(room.code, party.vote, v, items[n % len(items)], 1) for n, v in enumerate(voters)),
            *(asyncio.to_thread(party.post_message, room.code, room.host, f"line {n}") for n in range(5)),
        )
        await settled(room.code)
    finally:
        live.bind_loop(None)  # type: ignore[arg-type]
    seen = server.shown(sid)
    assert seen == wire(party_channel.room_values(party.room_snapshot(room.code)))
    assert sorted(seen["scores"].values()) == ["+10", "+10"]
    assert sorted(c["text"] for c in seen["chat"]) == [f"line {n}" for n in range(5)]


async def test_an_own_action_that_overtakes_a_read_in_flight_never_hides_what_that_read_brings(
    server: RecordingServer, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chat line's read is still running when a vote's own read (which kept the old
    chat) comes back: the tab still ends with both the chat line and the vote."""
    fill(room, 3)
    sid = await show_room(server, room, 0, room.host)
    item = party.room_snapshot(room.code).queue[0]
    read, gate = party.next_snapshot, threading.Event()
    calls = 0

    def slow_first_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        snap = read(*args, **kwargs)
        if calls == 1:
            gate.wait(5)  # the chat line's read returns only after the vote's own read
        return snap

    monkeypatch.setattr(party, "next_snapshot", slow_first_read)
    party.post_message(room.code, room.host, "still here?")
    pump = asyncio.create_task(party_channel.refresh(room.code, "chat"))
    while calls == 0:
        await asyncio.sleep(0.005)
    await party_channel.act(room.code, party.vote, room.host, item.id, 1)
    gate.set()
    await pump

    seen = server.shown(sid)
    assert [c["text"] for c in seen["chat"]] == ["still here?"]
    assert seen["scores"][seen["queue"][0]["id"]] == "+1"
    assert seen == wire(party_channel.room_values(party.room_snapshot(room.code)))


async def test_a_late_joiner_gets_the_whole_room_and_the_others_only_the_new_member(
    server: RecordingServer, room: Room
) -> None:
    fill(room, 2)
    party.post_message(room.code, room.host, "Welcome!")
    host_sid = await show_room(server, room, 0, room.host)
    server.frames["eio0"].clear()

    late = room.guest("Late Lou")
    late_sid = await show_room(server, room, 1, late)

    full = server.deltas(late_sid)[-1]
    assert [c["text"] for c in full["chat"]] == ["Welcome!"]
    assert [q["title"] for q in full["queue"]] == ["Song 1"]
    assert {m["name"] for m in full["members"]} >= {"Late Lou"}
    seen_by_host = server.deltas(host_sid)
    assert seen_by_host and all("chat" not in d and "queue" not in d for d in seen_by_host)
    assert "Late Lou" in {m["name"] for m in seen_by_host[-1]["members"]}


async def test_a_burst_of_votes_ends_on_exact_counts_with_fewer_messages_than_votes(
    server: RecordingServer, room: Room
) -> None:
    fill(room, 2)
    with session_scope() as db:
        set_plan_override(db, room.host.user_id or 0, "pro")  # rooms of more than 10 people
    voters = [room.guest(f"Voter {i}") for i in range(30)]
    sid = await show_room(server, room, 0, room.host)
    server.frames["eio0"].clear()
    item = party.room_snapshot(room.code).queue[0]

    async def vote(who: party.Identity) -> None:
        await asyncio.to_thread(party.vote, room.code, who, item.id, 1)
        await party_channel.refresh(room.code)

    await asyncio.gather(*(vote(v) for v in voters))
    await party_channel.refresh(room.code)

    deltas = server.deltas(sid)
    assert deltas[-1]["scores"][str(item.id)] == "+30", deltas
    assert len(deltas) < len(voters)


async def test_a_change_on_another_worker_reaches_this_workers_tabs_even_after_a_newer_own_action(
    server: RecordingServer, room: Room
) -> None:
    """Another worker posts a chat line (version v+1); before its relay message arrives a
    tab here votes (v+2, read on top of a view without that line). The line still shows."""
    fill(room, 3)
    sid = await show_room(server, room, 0, room.host)
    item = party.room_snapshot(room.code).queue[0]
    relay = party_relay.Relay("redis://127.0.0.1:1/0", party_channel.refresh)  # never connects: only its receiving side runs
    with party.claim_changes() as elsewhere:  # committed, but announced on "the other worker" only
        party.post_message(room.code, room.host, "from the other worker")

    await party_channel.act(room.code, party.vote, room.host, item.id, 1)
    message = {"from": "other-worker", "changes": [[c.code, c.kind, c.version] for c in elsewhere]}
    await relay._received(json.dumps(message).encode())
    await settled(room.code)

    seen = server.shown(sid)
    assert [c["text"] for c in seen["chat"]] == ["from the other worker"]
    assert seen["scores"][seen["queue"][0]["id"]] == "+1"
    assert seen == wire(party_channel.room_values(party.room_snapshot(room.code)))


async def test_changes_made_here_are_relayed_to_the_other_workers_once(
    server: RecordingServer, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab's own action (shown straight away) and an announced change (through the pump)
    each reach the other workers as one change message, never as a view."""
    fill(room, 3)
    await show_room(server, room, 0, room.host)
    relay = party_relay.Relay("redis://127.0.0.1:1/0", party_channel.refresh)
    sent: list[dict] = []

    async def publish(changes):  # type: ignore[no-untyped-def]
        sent.append({"changes": [list(c) for c in changes]})

    monkeypatch.setattr(relay, "publish", publish)
    monkeypatch.setattr(party_channel, "_relay", relay)
    item = party.room_snapshot(room.code).queue[0]

    await party_channel.act(room.code, party.vote, room.host, item.id, 1)
    with party.claim_changes() as chat:
        party.post_message(room.code, room.host, "hello")
    await party_channel._deliver(live.Change(party.TOPIC, room=room.code, data={"kind": "chat", "version": chat[0].version}))

    version = party.room_snapshot(room.code).version
    assert sent == [
        {"changes": [[room.code, "queue", version - 1]]},
        {"changes": [[room.code, "chat", version]]},
    ]


@pytest.mark.parametrize("cls", ROOM_STATES)
def test_a_tabs_full_snapshot_carries_no_room_values_but_the_compiled_defaults_do(cls: type) -> None:
    state = cls(_reflex_internal_init=True)
    assert state.dict()[cls.get_full_name()] == {}
    assert state.dict(initial=True)[cls.get_full_name()]


def test_room_values_reuse_the_rows_of_parts_a_view_kept(room: Room) -> None:
    """A vote re-reads the queue only: the people and chat rows sent last are reused
    (not built again), and the values equal a full read's."""
    fill(room, 3)
    party.post_message(room.code, room.host, "hi")
    base = party.room_snapshot(room.code)
    base_values = party_channel.room_values(base)
    party.vote(room.code, room.host, base.queue[0].id, 1)
    after = party.next_snapshot(room.code, base, {"queue"})

    values = party_channel.room_values(after, base, base_values)
    assert values["members"] is base_values["members"] and values["chat"] is base_values["chat"]
    assert values["scores"][str(base.queue[0].id)] == "+1" and base_values["scores"][str(base.queue[0].id)] == "0"
    assert values["queue"] == base_values["queue"]  # a vote that moved nothing: the same rows, so they are not sent
    assert wire(values) == wire(party_channel.room_values(party.room_snapshot(room.code)))


async def test_a_closed_tab_leaves_the_room_at_the_next_sweep_and_an_open_one_stays(
    server: RecordingServer, room: Room
) -> None:
    """The room's ticker (`state.party_ticker`) checks which tabs are still connected:
    a person whose only tab closed is no longer present; one with a tab open is."""
    from services.party import present_members
    from state import live as live_push
    from state import party_ticker

    stays, goes = room.guest("Stays"), room.guest("Goes")
    party_ticker.attach(room.code, "tab-stays", stays)
    party_ticker.attach(room.code, "tab-goes", goes)
    party_ticker.attach(room.code, "tab-goes-2", goes)
    namespace = live_push._running_app().event_namespace
    namespace.token_to_sid.update({"tab-stays": "s1", "tab-goes-2": "s3"})  # "tab-goes" closed

    await party_ticker._sweep(room.code, heartbeat=True)
    assert {m.display_name for m in present_members(room.code)} >= {"Stays", "Goes"}  # Goes still has a tab
    party_ticker.detach(room.code, "tab-goes-2")
    party_ticker.attach(room.code, "tab-goes-2", goes)
    del namespace.token_to_sid["tab-goes-2"]
    await party_ticker._sweep(room.code, heartbeat=False)
    assert "Goes" not in {m.display_name for m in present_members(room.code)}
    assert set(party_registry.rooms[room.code].tokens) == {"tab-stays"}
