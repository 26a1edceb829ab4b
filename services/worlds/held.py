"""Builds a person is looking at, held in this process so edits (remove, replace, regenerate)
need no rebuild. Bounded: the oldest is dropped past `MAX_HELD`; a restart loses them and the
page says to build again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.worlds.builder import BuiltWorld

MAX_HELD = 200
_HELD: OrderedDict[int, BuiltWorld] = OrderedDict()
_LOCK = threading.Lock()


def hold(user_id: int, built: BuiltWorld) -> None:
    with _LOCK:
        _HELD[user_id] = built
        _HELD.move_to_end(user_id)
        while len(_HELD) > MAX_HELD:
            _HELD.popitem(last=False)


def held(user_id: int) -> BuiltWorld | None:
    with _LOCK:
        return _HELD.get(user_id)


def drop(user_id: int) -> None:
    with _LOCK:
        _HELD.pop(user_id, None)
