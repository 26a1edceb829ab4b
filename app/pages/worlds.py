"""Worlds: pick seed tracks, answer five questions, and get a named world of 3-5 themed playlists — scored, diversified, saved to spotify and refreshed weekly."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/worlds", title="Worlds · Simple Balance Music", on_load=AuthState.require_login)
def worlds_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('spotify', 'openai'),
            empty_state(
                "globe",
                "No worlds yet",
                "Pick seed tracks, answer five questions, and get a named world of 3-5 themed playlists — scored, diversified, saved to Spotify and refreshed weekly. The wizard arrives here next.",
            ),
        ),
        title="Worlds",
    )
