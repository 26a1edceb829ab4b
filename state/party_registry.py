"""This process's side of each party room open here: what it last sent to the room's
sockets, which tabs show the room, and the room's ticker (`state.party_channel`,
`state.party_ticker` and `state.party_relay` share it)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from services import party
from services.party import Identity

ROOM_PREFIX = "party:"


@dataclass
class RoomHere:
    """One room in this process: the last view sent, the pump's state, the tabs, the ticker."""

    values: dict[str, Any] | None = None  # the room vars last sent (made from `snapshot`)
    version: int = -1
    ends_at: float | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    snapshot: party.RoomSnapshot | None = None  # the last view this process read and sent
    pumping: bool = False
    kinds: set[str] = field(default_factory=set)  # kinds of change not read yet ("*": read it all)
    received: float | None = None  # when the oldest change not yet sent arrived (trace)
    tokens: dict[str, Identity] = field(default_factory=dict)  # tabs showing the room here, and who
    poke: asyncio.Event = field(default_factory=asyncio.Event)  # wakes the ticker (a new track, a pause)
    ticker: asyncio.Task[None] | None = None


rooms: dict[str, RoomHere] = {}


def room_here(code: str) -> RoomHere:
    """Room `code`'s entry (made on first use)."""
    return rooms.setdefault(code, RoomHere())


def socket_room(code: str) -> str:
    """The socket.io room of party `code`."""
    return ROOM_PREFIX + party.normalize_code(code)
