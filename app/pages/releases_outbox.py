"""The outbox: every email this app sent (or, offline, would have sent) to the signed-in person."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.layout import shell, signed_in_only
from components.outbox import outbox_view
from state.auth import AuthState
from state.digests import OutboxState


@rx.page(
    route="/releases/outbox",
    title="Outbox · Simple Balance Music",
    on_load=[AuthState.require_login, OutboxState.load],
)
def outbox_page() -> rx.Component:
    return shell(
        signed_in_only(
            rx.hstack(
                rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Releases", size="2"), align="center", spacing="1"), href="/releases"),
                mode_badges("smtp"),
                align="center",
                spacing="4",
                wrap="wrap",
            ),
            outbox_view(),
        ),
        title="Outbox",
    )
