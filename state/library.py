"""The dashboard's library panel: top artists, recent tracks and playlists of the
signed-in listener, from Spotify when connected and from the demo library otherwise.

Vars: `artists`, `recent`, `playlists` (rows with artwork URLs), `source_label`
("Demo catalog" / "Spotify"), `is_demo`, `error` (a message to show instead of a
crash), `loading`. Reloads live when the Spotify connection changes.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.catalog.library_view import ArtistTile, LibraryView, PlaylistTile, RecentTrack, library_panel
from state.auth import current_user
from state.live import on_change


class LibraryState(rx.State):
    """See the module docstring for the vars."""

    artists: list[ArtistTile] = []
    recent: list[RecentTrack] = []
    playlists: list[PlaylistTile] = []
    source_label: str = ""
    is_demo: bool = True
    error: str = ""
    loading: bool = False
    _user_id: int | None = None

    def _show(self, view: LibraryView) -> None:
        self.source_label, self.is_demo, self.error = view.source_label, view.is_demo, view.error
        self.artists, self.recent, self.playlists = view.artists, view.recent, view.playlists

    async def _reload(self) -> None:
        if self._user_id is not None:
            self._show(await asyncio.to_thread(library_panel, self._user_id))

    @rx.event
    async def load(self):
        """On dashboard load: read the library of the person signed in on this tab."""
        user = await current_user(self)
        if user is None:
            self._user_id = None
            self.artists, self.recent, self.playlists, self.error = [], [], [], ""
            return
        self._user_id = user.id
        self.loading = True
        yield
        try:
            await self._reload()
        finally:
            self.loading = False


on_change("spotify", LibraryState, lambda state: state._reload())
