"""Party room: host a room with a join code: guests add tracks, vote them up or down, chat, and the top track plays next."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/party", title="Party room · Simple Balance Music", on_load=AuthState.require_login)
def party_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('spotify'),
            empty_state(
                "party-popper",
                "No party rooms yet",
                "Host a room with a join code: guests add tracks, vote them up or down, chat, and the top track plays next. Rooms arrive here next.",
            ),
        ),
        title="Party room",
    )
