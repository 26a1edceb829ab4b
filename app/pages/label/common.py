"""Small pieces every section of the Label page uses: labelled fields, a progress bar
with its message, an error or notice callout, a figure with its unit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx


def field(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color_scheme="gray"),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        spacing="1",
        width="100%",
    )


def select(value: rx.Var, options: list[str] | list[tuple[str, str]], on_change: Callable[[str], Any],
           test_id: str) -> rx.Component:
    pairs = [(o, o) if isinstance(o, str) else o for o in options]
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=test_id),
        rx.select.content(*(rx.select.item(label, value=value) for value, label in pairs)),
        value=value,
        on_change=on_change,
    )


def text_input(value: rx.Var, on_change: Callable[[str], Any], on_blur: Callable[[str], Any], test_id: str,
               placeholder: str = "", **props: Any) -> rx.Component:
    return rx.input(value=value, placeholder=placeholder, on_change=on_change, on_blur=on_blur, width="100%",
                    data_testid=test_id, **props)


def progress(busy: rx.Var, fraction: rx.Var, message: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        busy,
        rx.vstack(
            rx.hstack(rx.spinner(size="2"), rx.text(message, size="2"), rx.spacer(),
                      rx.text(fraction.to(str) + "%", size="2"), width="100%", align="center"),
            rx.progress(value=fraction, max=100, width="100%", aria_label="Progress"),
            width="100%",
            spacing="2",
            data_testid=test_id,
        ),
        rx.fragment(),
    )


def callout(message: rx.Var, test_id: str, tone: str = "red") -> rx.Component:
    icons = {"red": "circle-alert", "green": "check", "amber": "triangle-alert", "gray": "info"}
    return rx.cond(
        message != "",
        rx.callout(message, icon=icons.get(tone, "info"), color_scheme=tone, width="100%", data_testid=test_id),
        rx.fragment(),
    )


def stat(label: str, value: rx.Var, test_id: str, unit: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.hstack(rx.text(value, size="5", weight="bold", data_testid=test_id),
                  rx.text(unit, size="2", color_scheme="gray"), align="baseline", spacing="1"),
        spacing="0",
        min_width="90px",
    )
