"""The party lobby (`/party`): host a room, join by code, my rooms.

Vars: `rooms` (my rooms), `playlists` (fallback choices for a new room),
`create_error`, `join_error`, `creating`. Hosting needs an account; joining by
code does not.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from services.party import PartyError, lobby
from services.party.rows import MyRoomRow, PlaylistOption
from state.auth import current_user

NO_FALLBACK = lobby.NO_FALLBACK  # the fallback choice "Nothing (wait for votes)"


class PartyLobbyState(rx.State):
    """`/party`; see the module docstring."""

    rooms: list[MyRoomRow] = []
    playlists: list[PlaylistOption] = []
    create_error: str = ""
    join_error: str = ""
    creating: bool = False

    @rx.event
    async def load(self):
        """My rooms and my playlists (for the fallback choice)."""
        user = await current_user(self)
        if user is None:
            return
        self.create_error = self.join_error = ""
        seen = await asyncio.to_thread(lobby.lobby, user.id)
        self.rooms, self.playlists = seen.rooms, seen.playlists

    @rx.event
    async def create(self, form: dict[str, Any]):
        """Open a room with the form's settings and go to it."""
        user = await current_user(self)
        if user is None:
            return rx.redirect("/login?next=/party")
        self.creating = True
        try:
            code = await asyncio.to_thread(lobby.host_room, user.id, user.display_name, form)
        except PartyError as exc:
            self.create_error = exc.message
            return
        finally:
            self.creating = False
        self.create_error = ""
        return rx.redirect(f"/party/{code}")

    @rx.event
    async def join_code(self, form: dict[str, str]):
        """Go to the join screen of the room with this code (it says if there is none)."""
        try:
            code = await asyncio.to_thread(lobby.find_room, form.get("code", ""))
        except PartyError as exc:
            self.join_error = exc.message
            return
        self.join_error = ""
        return rx.redirect(f"/party/{code}")
