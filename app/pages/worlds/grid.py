"""The grid of saved worlds and the way into the wizard."""

from __future__ import annotations

import reflex as rx

from components.empty_state import empty_state
from components.world_cards import world_card
from state.worlds import WorldsState as S


def list_view() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(rx.icon("plus"), "New world", on_click=S.new_world, data_testid="new-world"),
            rx.cond(S.has_draft, rx.button("Continue your draft", variant="soft", on_click=S.resume_wizard,
                                           data_testid="resume-wizard"), rx.fragment()),
            spacing="3",
        ),
        rx.text(S.limits, size="1", color_scheme="gray", data_testid="worlds-limits"),
        rx.cond(
            S.worlds.length() > 0,
            rx.grid(rx.foreach(S.worlds, lambda w: world_card(w, S.open)),
                    columns=rx.breakpoints(initial="2", sm="3", md="4"), spacing="4", width="100%"),
            empty_state(
                "globe", "No worlds yet",
                "Pick seed tracks, answer five questions, and get a named world of 3-5 playlists, each one place "
                "of its own, with covers, saved to Spotify or your library and refreshed when you ask.",
            ),
        ),
        width="100%", spacing="4",
    )
