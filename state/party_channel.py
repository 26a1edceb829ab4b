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
  publishes the change (room, kind, version: not the view) on a Redis channel;
  every other worker with sockets in the room reads those parts itself and
  emits to its own sockets. Relaying views instead would be unsafe: a view read
  on top of an older one keeps the parts it did not re-read, so a worker that
  had not heard of another worker's change yet could relay a view without it,
  newer in version, and both workers would then drop the change. Read views
  carry the room's version, so a worker never goes back to an older one.

Private per-tab state (my votes, my role's controls, search results) stays in
`PartyMeState`; host-only actions are still refused by the services.

Also here: one asyncio ticker per room open in this process drives auto-play at
the playing track's end and sweeps presence (a closed tab leaves). Nothing runs
per tab on a timer.

`PARTY_TRACE=1` logs one line per fan-out (`party-fanout code=... version=...
sockets=... received=... written=...`, epoch seconds) for `bench/party.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reflex.state import StateUpdate
from reflex_base.constants import SocketEvent
from reflex_base.constants.state import FIELD_MARKER

from services import live, party
from services.party import Identity
from state.live import _running_app
from state.party_room import STATE_OF_VAR, room_values

log = logging.getLogger("state.party")
T = TypeVar("T")

ROOM_PREFIX = "party:"
RELAY_CHANNEL = "sbm:party-changes"
SWEEP_SECONDS = 5.0  # how often a room's ticker checks who is still connected
HEARTBEAT_SECONDS = 15.0  # how often it tells the service layer connected people are still here


@dataclass
class _Room:
    """This process's side of one room: what it last sent, who is connected here, the ticker."""

    values: dict[str, Any] | None = None
    version: int = -1
    ends_at: float | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    snapshot: party.RoomSnapshot | None = None  # the last view this process read and sent
    pumping: bool = False
    kinds: set[str] = field(default_factory=set)  # kinds of change not read yet ("*": read it all)
    received: float | None = None  # when the oldest change not yet sent arrived (trace)
    tokens: dict[str, Identity] = field(default_factory=dict)
    poke: asyncio.Event = field(default_factory=asyncio.Event)
    ticker: asyncio.Task[None] | None = None


_rooms: dict[str, _Room] = {}
_relay: _Relay | None = None


def _room(code: str) -> _Room:
    return _rooms.setdefault(code, _Room())


def socket_room(code: str) -> str:
    """The socket.io room of party `code`."""
    return ROOM_PREFIX + party.normalize_code(code)


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
    values, version, ends_at = room_values(snap), snap.version, _ends_at(snap)
    room = _room(code)
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
    room = _rooms.get(party.normalize_code(code))
    if room is not None and room.received is None:
        room.received = time.time()


async def refresh(code: str, kind: str = "*") -> None:
    """Read the room's view once and send what changed; see the module docstring.

    `kind` (queue, chat, members, ...) lets the read skip what such a change
    cannot alter (`party.next_snapshot`); changes arriving while a read runs
    are read together next.
    """
    room = _room(code)
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
    if code in _rooms:
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
    room = _rooms.get(code)
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
    room = _rooms.get(code)
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
    room = _room(code)
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


# --------------------------------------------------------------------------- several workers


class _Relay:
    """Room changes between workers over Redis pub/sub (only with `REDIS_URL`); see the module docstring."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(url)
        self.instance = uuid.uuid4().hex
        self._reads: set[asyncio.Task[None]] = set()

    async def publish(self, changes: list[tuple[str, str, int]]) -> None:
        """Tell the other workers that these (room, kind, version) changes were made here."""
        if not changes:
            return
        message = {"from": self.instance, "changes": changes}
        try:
            await self.client.publish(RELAY_CHANNEL, json.dumps(message, separators=(",", ":")))
        except Exception:
            log.warning("party: publishing changes of room %s to the other workers failed", changes[0][0], exc_info=True)

    async def listen(self) -> None:
        """Show other workers' views to this worker's sockets; reconnect on errors."""
        while True:
            try:
                async with self.client.pubsub() as pubsub:
                    await pubsub.subscribe(RELAY_CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            await self._received(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("party: the room relay lost Redis; retrying", exc_info=True)
                await asyncio.sleep(1.0)

    async def _received(self, raw: bytes) -> None:
        """Another worker's changes: rooms open here re-read those parts (in the background,
        so one room's read never holds up the next message)."""
        try:
            message = json.loads(raw)
            if message["from"] == self.instance:
                return
            for code, kind, _version in message["changes"]:
                if str(code) in _rooms:
                    task = asyncio.create_task(refresh(str(code), str(kind)))
                    self._reads.add(task)
                    task.add_done_callback(self._reads.discard)
        except Exception:
            log.warning("party: a relayed room change was not read", exc_info=True)


def start_relay(redis_url: str) -> asyncio.Task[None] | None:
    """With Redis, share room views between workers (called by the app's lifespan)."""
    global _relay
    if not redis_url:
        return None
    _relay = _Relay(redis_url)
    return asyncio.create_task(_relay.listen(), name="party-relay")


# --------------------------------------------------------------------------- presence and auto-play


async def _connected(token: str) -> bool:
    namespace = _running_app().event_namespace
    if namespace is None:
        return False
    manager = getattr(namespace, "_token_manager", None)
    if manager is not None and hasattr(manager, "is_token_connected"):
        return bool(await manager.is_token_connected(token))
    return token in namespace.token_to_sid


async def _sweep(code: str, heartbeat: bool) -> None:
    """Mark people whose tab closed as gone; keep connected people present."""
    room = _room(code)
    alive = {token: who for token, who in list(room.tokens.items()) if await _connected(token)}
    gone = {token: who for token, who in room.tokens.items() if token not in alive}
    for token in gone:
        room.tokens.pop(token, None)
    still_here = set(alive.values())
    for who in {w for w in gone.values() if w not in still_here}:
        await asyncio.to_thread(party.leave_room, code, who)
    if heartbeat and still_here:
        await asyncio.to_thread(party.heartbeats, code, still_here)


async def _tick(code: str) -> None:
    """One per room open in this process: auto-play at the track's end, presence sweeps."""
    room = _room(code)
    last_sweep = last_beat = time.monotonic()
    while True:
        wait = SWEEP_SECONDS
        if room.ends_at is not None:
            wait = min(wait, max(0.05, room.ends_at - time.time() + 0.05))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(room.poke.wait(), timeout=wait)
        room.poke.clear()
        try:
            await asyncio.to_thread(party.advance_if_ended, code)
            party.drive_soon(code)  # the host's Spotify device follows, in the background
            now = time.monotonic()
            if now - last_sweep >= SWEEP_SECONDS:
                beat = now - last_beat >= HEARTBEAT_SECONDS
                last_sweep, last_beat = now, (now if beat else last_beat)  # a failed sweep waits its turn too
                await _sweep(code, heartbeat=beat)
        except party.RoomNotFound:
            break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("party: ticker of room %s failed", code)
        if not room.tokens:
            break
    room.ticker = None
    if not room.tokens:
        _rooms.pop(code, None)


def attach(code: str, token: str, who: Identity) -> None:
    """This tab is in the room: sweep it with the room and make sure the ticker runs."""
    for other in [c for c, r in _rooms.items() if c != code and token in r.tokens]:
        _rooms[other].tokens.pop(token, None)
    room = _room(code)
    room.tokens[token] = who
    if room.ticker is None or room.ticker.done():
        room.ticker = asyncio.create_task(_tick(code), name=f"party-ticker-{code}")


def detach(code: str, token: str) -> None:
    room = _rooms.get(code)
    if room is not None:
        room.tokens.pop(token, None)
