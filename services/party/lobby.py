"""The party lobby (`/party`): my rooms, hosting a room from the form, joining by code.

Not imported by `services.party` itself (it reads the host's playlists through
`services.party.music`, which pulls in the catalog).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.party import music
from services.party.errors import InvalidInput
from services.party.forms import read_settings
from services.party.rooms import create_room, my_rooms, room_preview
from services.party.rows import MyRoomRow, PlaylistOption, my_room_rows
from services.party.tx import normalize_code
from services.party.types import RoomSettings

NO_FALLBACK = "none"  # the form's "Nothing (wait for votes)"
CODE_MIN_CHARS = 4


@dataclass(frozen=True)
class Lobby:
    """What `/party` shows a signed-in person."""

    rooms: list[MyRoomRow]
    playlists: list[PlaylistOption]  # fallback choices for a new room


def lobby(user_id: int) -> Lobby:
    return Lobby(my_room_rows(my_rooms(user_id)), music.my_playlists(user_id))


@dataclass(frozen=True)
class HostForm:
    """The "Host a party" form, checked."""

    name: str
    settings: RoomSettings


def read_host_form(form: Mapping[str, Any]) -> HostForm:
    """The form's values as room settings; `InvalidInput` names what cannot be read.

    Ranges (limit, threshold, name length) are checked again by `create_room`.
    """
    fallback = str(form.get("fallback") or "").strip()
    return HostForm(
        name=str(form.get("name") or ""),
        settings=read_settings(form, None if fallback in ("", NO_FALLBACK) else fallback),
    )


def host_room(user_id: int, host_name: str, form: Mapping[str, Any]) -> str:
    """Open a room from the lobby's form (with a snapshot of the fallback playlist); returns its code."""
    checked = read_host_form(form)
    tracks = music.fallback_tracks(user_id, checked.settings.fallback_playlist_id or "")
    return create_room(user_id, checked.name, checked.settings, tracks, host_name).code


def find_room(raw_code: str) -> str:
    """The code of the room someone typed, once it is known to exist (`PartyError` otherwise)."""
    code = normalize_code(raw_code)
    if len(code) < CODE_MIN_CHARS:
        raise InvalidInput("Type the party's code (6 letters and digits).")
    room_preview(code)
    return code
