"""The page for any address the app does not have: says so kindly and offers the way home
(Reflex serves it for every unknown route, with HTTP status 404 from the server's own pages)."""

from __future__ import annotations

import reflex as rx

from components.layout import NAV, shell
from state.auth import AuthState


@rx.page(route="404", title="Page not found · Simple Balance Music", on_load=AuthState.check_session)
def not_found() -> rx.Component:
    return shell(
        rx.vstack(
            rx.icon("map-pin-x", size=40, color=rx.color("accent", 9)),
            rx.heading("This page does not exist", size="5", as_="h2"),
            rx.text(
                "The address may be mistyped, or the page has moved. Nothing you saved is lost.",
                color_scheme="gray",
            ),
            rx.hstack(
                rx.link(rx.button(rx.icon("house", size=16), "Back to the home page", size="3"), href="/",
                        data_testid="not-found-home"),
                wrap="wrap",
                spacing="2",
            ),
            rx.text("Or go straight to:", size="2", color_scheme="gray"),
            rx.flex(
                *(rx.link(label, href=href, size="2") for label, href, _icon in NAV[1:]),
                gap="3",
                wrap="wrap",
            ),
            spacing="3",
            align="start",
            max_width="48ch",
            data_testid="not-found",
        ),
        title="Page not found",
    )
