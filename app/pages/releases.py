"""Releases: new albums and singles from the artists you follow, grouped by week, with email digests on your schedule."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.digest_panel import digest_panel
from components.layout import shell, signed_in_only
from components.release_feed import release_feed
from components.release_side import favourites_card, playlist_card, scans_card
from state.auth import AuthState
from state.digests import DigestState
from state.releases import ReleasesState


@rx.page(
    route="/releases",
    title="Releases · Simple Balance Music",
    on_load=[AuthState.require_login, ReleasesState.load, DigestState.load],
)
def releases_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges("spotify", "smtp"),
            rx.flex(
                rx.box(release_feed(), flex="1", min_width="0", width="100%"),
                rx.vstack(
                    digest_panel(),
                    playlist_card(),
                    favourites_card(),
                    scans_card(),
                    spacing="4",
                    width=rx.breakpoints(initial="100%", lg="360px"),
                    min_width=rx.breakpoints(initial="0", lg="360px"),
                ),
                direction=rx.breakpoints(initial="column", lg="row"),
                spacing="5",
                align="start",
                width="100%",
            ),
        ),
        title="Releases",
    )
