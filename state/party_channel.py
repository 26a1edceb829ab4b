"""The party room's transport: one view per change, one message to every socket in the room.

Why not `rx.SharedState` (what the room used first): Reflex 0.10 fans a linked
state's change out by loading each linked tab's whole state and building a
message for it, one tab after another — about 1 ms of CPU per tab per change,
so a vote in a room of 50 cost ~50-100 ms of CPU and every chat line or
presence change paid the same (measured, issue 12). A socket.io room does the
same job for the cost of one encode: Reflex's event namespace is a
python-socketio server, so

- a tab showing room CODE enters the socket.io room `party:CODE` (`welcome`) and
  gets the room's whole current view as one message to its own socket — a late
  joiner and a reconnecting tab (whose reconnect re-runs the page's `on_load`)
  catch up the same way;
- after every change (`services.live` topic `party`, published by every room
  write) the room's view is read ONCE — only the parts that kind of change can
  alter (`party.next_snapshot`: a vote re-reads the queue, not the members or
  the chat) — turned into the room states' var values, compared with the values
  this process sent last, and only the vars that changed go out as one Reflex
  state update emitted to the room — python-socketio encodes it once and writes
  the same frame to each socket;
- bursts coalesce: while one view is being read, further changes only mark the
  room dirty, so fifty votes at once cost a handful of reads, not fifty;
- a tab's own action (`act`) re-reads the room inside the transaction that
  wrote it, so a vote costs one hop to a thread and one transaction, not two;
- with `REDIS_URL` (several workers) the worker where a change was made
  publishes the change (room, kind, version: not the view) on a Redis channel
  (`state.party_relay`); every other worker with sockets in the room reads
  those parts itself and emits to its own sockets. Read views carry the room's
  version, so a worker never goes back to an older one.

Private per-tab state (my votes, my member id) stays in `PartyMeState`;
host-only actions are still refused by the services. This process's side of
each room is in `state.party_registry`; its ticker (auto-play at the track's
end, presence sweeps: nothing runs per tab on a timer) in `state.party_ticker`.

`PARTY_TRACE=1` logs one line per fan-out (`party-fanout code=... version=...
sockets=... received=... written=...`, epoch seconds) for `bench/party.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from reflex.state import StateUpdate
from reflex_base.constants import SocketEvent
from reflex_base.constants.state import FIELD_MARKER

from services import live, party
from services.party import Identity
from state.live import _running_app
from state.party_registry import ROOM_PREFIX, room_here, rooms, socket_room
from state.party_relay import Relay
from state.party_room import STATE_OF_VAR, room_values
from state.party_ticker import attach, detach

log = logging.getLogger("state.party")
T = TypeVar("T")

_relay: Relay | None = None


def _trace_on() -> bool:
    return os.environ.get("PARTY_TRACE") == "1"


def _ends_at(snap: party.RoomSnapshot) -> float | None:
    now = snap.now_playing
    return now.ends_at.timestamp() if now is not None and now.ends_at is not None else None


# --------------------------------------------------------------------------- sending


def _update(values: dict[str, Any]) -> StateUpdate:
    """A Reflex state update that sets these room vars (each in its state) in the browser."""
    delta: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        delta.setdefault(STATE_OF_VAR[name], {})[name + FIELD_MARKER] = value
    return StateUpdate(delta=delta)


async def _emit(values: dict[str, Any], to: str) -> None:
    namespace = _running_app().event_namespace
    if namespace is not None:
        await namespace.emit(str(SocketEvent.EVENT), _update(values), to=to)


def _sockets_in(code: str) -> int:
    app = _running_app()
    namespace = app.event_namespace
    if app.sio is None or namespace is None:
        return 0
    return sum(1 for _ in app.sio.manager.get_participants(namespace.namespace, socket_room(code)))


async def _show(code: str, snap: party.RoomSnapshot) -> None:
    """Send the vars of view `snap` that differ from what this process sent last to the room's sockets here.

    A view older than the one shown is dropped; an equal version is taken (reads
    run one after another, so a later read at the same version is at least as
    fresh in what it re-read).
    """
    room = room_here(code)
    # Rows of the parts this view kept from the last one shown are reused, not rebuilt.
    values, version, ends_at = room_values(snap, room.snapshot, room.values), snap.version, _ends_at(snap)
    async with room.lock:
        if version < room.version:
            return
        room.snapshot = snap
        previous = room.values or {}
        delta = {k: v for k, v in values.items() if previous.get(k) != v} if room.values else values
        idle_with_queue = not values.get("playing") and "queue" in delta
        if ends_at != room.ends_at or idle_with_queue or {"play_seq", "np_paused"} & delta.keys():
            room.poke.set()  # the ticker re-times auto-play (or starts it) and the host's device follows
        room.values, room.version, room.ends_at = values, version, ends_at
        received, room.received = room.received, None
        if delta:
            await _emit(delta, socket_room(code))
            if _trace_on():
                log.info(
                    "party-fanout code=%s version=%d sockets=%d received=%.6f written=%.6f",
                    code, version, _sockets_in(code), received or time.time(), time.time(),
                )


def note_received(code: str) -> None:
    """An action on room `code` has just arrived (the trace's `received`)."""
    room = rooms.get(party.normalize_code(code))
    if room is not None and room.received is None:
        room.received = time.time()


async def refresh(code: str, kind: str = "*") -> None:
    """Read the room's view once and send what changed; see the module docstring.

    `kind` (queue, chat, members, ...) lets the read skip what such a change
    cannot alter (`party.next_snapshot`); changes arriving while a read runs
    are read together next.
    """
    room = room_here(code)
    room.kinds.add(kind)
    if room.pumping:
        return
    room.pumping = True
    try:
        while room.kinds:
            kinds, room.kinds = room.kinds, set()
            base = room.snapshot
            snap = await asyncio.to_thread(party.next_snapshot, code, base, kinds)
            if room.snapshot is not base:
                # A joiner's full read or another worker's view was shown meanwhile: the
                # parts this read kept from `base` may be older than that. Read it all.
                room.kinds.add("*")
                continue
            await _show(code, snap)
    except party.RoomNotFound:
        pass
    except Exception:
        log.exception("party: sending room %s failed", code)
    finally:
        room.pumping = False


async def _deliver(change: live.Change) -> None:
    """A room changed (in this process): tell the other workers, read it for the tabs here."""
    code = change.room
    if not code:
        return
    kind = str(change.data.get("kind") or "*")
    if _relay is not None:
        await _relay.publish([(code, kind, int(change.data.get("version") or 0))])
    if code in rooms:
        await refresh(code, kind)


live.subscribe(party.TOPIC, _deliver)


async def act(code: str, fn: Callable[..., T], *args: Any) -> T:
    """Run room action `fn(code, *args)` in a worker thread and read what it changed in its own transaction.

    One thread hop and one transaction instead of two of each (the write, then the
    announced change's read): the action's changes are claimed
    (`party.claim_changes`) instead of announced, the parts they can alter are
    re-read right after the write, before its commit (`party.snapshot_after`, on
    top of the view this process last sent), and that view goes straight to the
    room. When something else was shown or is being read meanwhile, the parts
    this read kept could be older than that, so the changes go to the pump
    (`refresh`) like any announced change (a burst coalesces there). Exceptions
    of `fn` are raised after its committed changes (if any) were sent.
    """
    code = party.normalize_code(code)
    room = rooms.get(code)
    base = room.snapshot if room is not None else None
    views: list[party.RoomSnapshot] = []

    def read(db: Any, changed: Any, kind: str) -> None:
        if base is not None and changed.code == code:
            views.append(party.snapshot_after(db, changed, views[-1] if views else base, {kind}))

    def work() -> tuple[Any, BaseException | None, list[party.Claimed]]:
        with party.claim_changes(read) as changes:
            try:
                return fn(code, *args), None, changes
            except Exception as exc:
                return None, exc, changes

    result, error, changes = await asyncio.to_thread(work)
    snap = views[-1] if changes and len(views) == len(changes) else None  # every change was read
    room = rooms.get(code)
    if snap is not None and room is not None and room.snapshot is base and not room.pumping:
        await _show(code, snap)
        if _relay is not None:
            await _relay.publish([(c.code, c.kind, c.version) for c in changes])
    else:  # through the pump, which relays them too
        for change in changes:
            await live.publish(live.Change(party.TOPIC, room=change.code, data={"kind": change.kind, "version": change.version}))
    if error is not None:
        raise error
    return result


async def welcome(code: str, sid: str, token: str, who: Identity, snap: party.RoomSnapshot) -> None:
    """Tab `token` (socket `sid`) shows room `code`: enter its socket.io room and send it the whole view.

    Entering first and sending the full view under the room's lock means any
    change after this reaches the tab as a delta on top of that view.
    """
    app = _running_app()
    namespace = app.event_namespace
    if app.sio is None or namespace is None:
        return
    for other in list(app.sio.rooms(sid, namespace=namespace.namespace) or []):
        if other.startswith(ROOM_PREFIX) and other != socket_room(code):
            await app.sio.leave_room(sid, other, namespace=namespace.namespace)
    await app.sio.enter_room(sid, socket_room(code), namespace=namespace.namespace)
    attach(code, token, who)
    await _show(code, snap)
    room = room_here(code)
    async with room.lock:
        if room.values is not None:
            await _emit(room.values, sid)


async def leave(code: str, sid: str, token: str) -> None:
    """Tab `token` left room `code`: no more updates from it."""
    detach(code, token)
    app = _running_app()
    namespace = app.event_namespace
    if app.sio is not None and namespace is not None:
        with contextlib.suppress(Exception):
            await app.sio.leave_room(sid, socket_room(code), namespace=namespace.namespace)


def start_relay(redis_url: str) -> asyncio.Task[None] | None:
    """With Redis, share room changes between workers (called by the app's lifespan)."""
    global _relay
    if not redis_url:
        return None
    _relay = Relay(redis_url, refresh)
    return asyncio.create_task(_relay.listen(), name="party-relay")
