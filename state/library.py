"""The dashboard's library panel: top artists, recent tracks and playlists of the
signed-in listener, from Spotify when connected and from the demo library otherwise.

Vars: `artists`, `recent`, `playlists` (rows of display strings, with artwork URLs),
`source_label` ("Demo catalog" / "Spotify"), `is_demo`, `error` (a message to show
instead of a crash), `loading`. Reloads live when the Spotify connection changes.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.catalog.snapshot import LibrarySnapshot, library_snapshot
from services.db import utcnow
from state.auth import current_user
from state.live import on_change


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h ago" if hours < 24 else f"{hours // 24} d ago"


class LibraryState(rx.State):
    """See the module docstring for the vars."""

    artists: list[dict[str, str]] = []
    recent: list[dict[str, str]] = []
    playlists: list[dict[str, str]] = []
    source_label: str = ""
    is_demo: bool = True
    error: str = ""
    loading: bool = False
    _user_id: int | None = None

    def _show(self, snap: LibrarySnapshot) -> None:
        now = utcnow()
        self.source_label = snap.source_label
        self.is_demo = snap.source_kind == "demo"
        self.error = snap.error
        self.artists = [
            {"id": a.id, "name": a.name, "image": a.image_url, "genres": ", ".join(a.genres[:2])}
            for a in snap.top_artists
        ]
        self.recent = [
            {
                "id": p.track.id,
                "name": p.track.name,
                "artist": p.track.artist_name,
                "image": p.track.image_url,
                "when": _ago((now - p.played_at).total_seconds()),
            }
            for p in snap.recent
        ]
        self.playlists = [
            {"id": p.id, "name": p.name, "image": p.image_url, "count": f"{p.track_count} tracks"}
            for p in snap.playlists
        ]

    async def _reload(self) -> None:
        if self._user_id is None:
            return
        snap = await asyncio.to_thread(library_snapshot, self._user_id)
        self._show(snap)

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
