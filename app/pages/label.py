"""Label: take a track from beat to lyrics, vocals, mix and master, release pack and content plan on one timeline."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/label", title="Label · Simple Balance Music", on_load=AuthState.require_login)
def label_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('replicate', 'openai'),
            empty_state(
                "mic-vocal",
                "No projects yet",
                "Take a track from beat to lyrics, vocals, mix and master, release pack and content plan on one timeline. Projects arrive here next.",
            ),
        ),
        title="Label",
    )
