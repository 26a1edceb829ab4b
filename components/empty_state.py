"""An honest empty state: what this place will do, and the first step toward it."""

from __future__ import annotations

import reflex as rx


def empty_state(icon: str, title: str, text: str, *actions: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=36, color=rx.color("accent", 9)),
            rx.heading(title, size="4"),
            rx.text(text, color_scheme="gray", max_width="48ch", align="center"),
            rx.hstack(*actions, spacing="3") if actions else rx.fragment(),
            align="center",
            spacing="3",
            padding="24px",
        ),
        width="100%",
    )
