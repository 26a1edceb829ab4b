"""Events: search real concerts near a place or for the artists you follow, and see them on a map with ticket links."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/events", title="Events · Simple Balance Music", on_load=AuthState.require_login)
def events_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('ticketmaster', 'bandsintown'),
            empty_state(
                "map-pin",
                "No events to show yet",
                "Search real concerts near a place or for the artists you follow, and see them on a map with ticket links. The map arrives here next.",
            ),
        ),
        title="Events",
    )
