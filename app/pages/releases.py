"""Releases: new albums and singles from the artists you follow, grouped by week, with email digests on your schedule."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/releases", title="Releases · Simple Balance Music", on_load=AuthState.require_login)
def releases_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('spotify', 'smtp'),
            empty_state(
                "disc-3",
                "No releases yet",
                "New albums and singles from the artists you follow, grouped by week, with email digests on your schedule. The feed arrives here next.",
            ),
        ),
        title="Releases",
    )
