"""Worlds: saved worlds as a grid of covers, the "New world" wizard (seeds, five questions, build with
progress, results to play and edit, save to Spotify or the demo library), and one world opened
(play, refresh now with the diff, history, rename, delete). One module per section."""

from __future__ import annotations

import reflex as rx

from app.pages.worlds.grid import list_view
from app.pages.worlds.wizard import wizard
from app.pages.worlds.world import world_view
from components.badges import mode_badges
from components.layout import shell, signed_in_only
from state.auth import AuthState
from state.worlds import WorldsState as S


@rx.page(route="/worlds", title="Worlds · Simple Balance Music", on_load=[AuthState.require_login, S.load])
def worlds_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges("spotify", "openai"),
            rx.cond(S.notice != "", rx.callout(S.notice, icon="bell", color_scheme="blue", width="100%",
                                               data_testid="worlds-notice"), rx.fragment()),
            rx.cond(
                S.loaded,
                rx.match(S.view, ("wizard", wizard()), ("world", world_view()), list_view()),
                rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
            ),
        ),
        title="Worlds",
    )
