"""One asyncio ticker per party room open in this process: auto-play at the playing
track's end, and presence (a closed tab leaves the room; connected people get a
heartbeat). Nothing runs per tab on a timer; `party.housekeeping` stays the backstop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from services import party
from services.party import Identity
from state.live import _running_app
from state.party_registry import room_here, rooms

log = logging.getLogger("state.party")

SWEEP_SECONDS = 5.0  # how often a room's ticker checks who is still connected
HEARTBEAT_SECONDS = 15.0  # how often it tells the service layer connected people are still here


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
    room = room_here(code)
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
    room = room_here(code)
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
        rooms.pop(code, None)


def attach(code: str, token: str, who: Identity) -> None:
    """This tab is in the room: sweep it with the room and make sure the ticker runs."""
    for other in [c for c, r in rooms.items() if c != code and token in r.tokens]:
        rooms[other].tokens.pop(token, None)
    room = room_here(code)
    room.tokens[token] = who
    if room.ticker is None or room.ticker.done():
        room.ticker = asyncio.create_task(_tick(code), name=f"party-ticker-{code}")


def detach(code: str, token: str) -> None:
    """This tab left the room: no longer swept with it."""
    room = rooms.get(code)
    if room is not None:
        room.tokens.pop(token, None)
