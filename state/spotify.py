"""The Spotify connection as the account page shows it, and Connect / Disconnect.

Vars: `configured` (the server has Spotify keys), `connected`, `status`
("connected", "reconnect_needed" or "" when never connected), `display_name`
(the Spotify account), `message` / `message_ok` (the outcome of the last
callback or action), `busy`. The user always comes from the server session; the
OAuth secrets (state, PKCE verifier, tokens) never reach the browser.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services import spotify
from services.spotify.connection import LIVE_TOPIC, connect_error_message
from state.auth import current_user
from state.live import on_change



class SpotifyState(rx.State):
    """See the module docstring for the vars."""

    configured: bool = False
    connected: bool = False
    status: str = ""
    display_name: str = ""
    message: str = ""
    message_ok: bool = True
    busy: bool = False

    async def _reload(self) -> None:
        user = await current_user(self)
        self.configured = spotify.is_configured()
        info = await asyncio.to_thread(spotify.connection_info, user.id) if user else None
        self.status = info.status if info else ""
        self.connected = bool(info and info.connected and self.configured)
        self.display_name = info.display_name if info else ""

    @rx.event
    async def load(self):
        """On page load: read the connection, and the callback's outcome from the URL."""
        await self._reload()
        query = self.router.url.query_parameters
        if query.get("spotify") == "connected":
            self.message, self.message_ok = f"Spotify connected as {self.display_name}.", True
        elif query.get("spotify_error"):  # a code, mapped to our own sentence: URL text is never shown
            self.message, self.message_ok = connect_error_message(str(query["spotify_error"])), False
        elif self.status == "reconnect_needed":
            self.message, self.message_ok = spotify.ReconnectNeeded().message, False

    @rx.event
    async def connect(self):
        """Start Connect: the server remembers state and verifier, the browser goes to Spotify."""
        user = await current_user(self)
        if user is None:
            return rx.redirect("/login?next=/account")
        self.busy = True
        try:
            url = await asyncio.to_thread(spotify.start_connect, user.id)
        except spotify.SpotifyError as exc:
            self.message, self.message_ok = exc.message, False
            return rx.toast.error(exc.message)
        finally:
            self.busy = False
        return rx.redirect(url)

    @rx.event
    async def disconnect(self):
        """Forget the Spotify account and everything derived from it; say what was deleted."""
        user = await current_user(self)
        if user is None:
            return rx.redirect("/login?next=/account")
        report = await asyncio.to_thread(spotify.disconnect, user.id)
        await self._reload()
        self.message, self.message_ok = report.message, True  # our own words: what was deleted
        return rx.toast.info("Spotify disconnected.")


on_change(LIVE_TOPIC, SpotifyState, lambda state: state._reload())
