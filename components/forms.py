"""Form pieces: labelled inputs that show their own error and keep what was typed."""

from __future__ import annotations

import reflex as rx


def field(label: str, name: str, error: rx.Var[str], error_field: rx.Var[str], **input_props) -> rx.Component:
    """A labelled input; when `error_field` names it, the error shows under it.

    Inputs are uncontrolled, so a failed submit keeps what the person typed.
    """
    return rx.vstack(
        rx.text(label, as_="label", html_for=name, size="2", weight="medium"),
        rx.input(id=name, name=name, width="100%", size="3", **input_props),
        rx.cond(
            error_field == name,
            rx.text(error, color="red", size="2", data_testid=f"error-{name}"),
            rx.fragment(),
        ),
        spacing="1",
        width="100%",
        align="start",
    )
