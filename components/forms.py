"""Form pieces, one set for every page: a labelled control (with its hint and its own
error), a text field, a select from (value, label) pairs, and a form's error callout.

Two label looks: the compact one (small grey caption over a control: filters,
settings) and the large one (a form to fill in: sign-up, host a party), which is
a real `<label>` when `html_for` names the control. Inputs stay uncontrolled
where they can, so a failed submit keeps what the person typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx


def labelled(label: str, control: rx.Component, *, hint: rx.Component | None = None,
             error: rx.Var[str] | None = None, error_when: rx.Var[bool] | bool = False,
             error_testid: str | None = None, html_for: str | None = None, large: bool = False,
             **props: Any) -> rx.Component:
    """`control` under its label, then `hint`, then `error` while `error_when` holds."""
    caption_props: dict[str, Any] = {"size": "2" if large else "1", "weight": "medium"}
    if not large:
        caption_props["color_scheme"] = "gray"
    if html_for:
        # Radix's Text drops `html_for`: the React prop is passed as is, so the label is tied to its control.
        caption_props.update(as_="label", custom_attrs={"htmlFor": html_for})
    children = [rx.text(label, **caption_props), control]
    if hint is not None:
        children.append(hint)
    if error is not None:
        message = rx.text(error, color="red", size="2" if large else "1",
                          **({"data_testid": error_testid} if error_testid else {}))
        children.append(rx.cond(error_when, message, rx.fragment()))
    return rx.vstack(*children, spacing="1", **props)


def field(label: str, name: str, error: rx.Var[str], error_field: rx.Var[str], **input_props: Any) -> rx.Component:
    """A labelled text input named `name`; when `error_field` names it, the error shows under it."""
    return labelled(
        label,
        rx.input(id=name, name=name, width="100%", size="3", **input_props),
        error=error,
        error_when=error_field == name,
        error_testid=f"error-{name}",
        html_for=name,
        large=True,
        width="100%",
        align="start",
    )


def select(options: Sequence[tuple[str, str]] = (), *more: rx.Component, testid: str | None = None,
           trigger: dict[str, Any] | None = None, label: str | None = None, **root_props: Any) -> rx.Component:
    """A select of (value, label) `options` (then `more` items, e.g. an `rx.foreach`);
    `root_props` bind it (`value`/`on_change`, or `name`/`default_value` inside a form).
    The trigger is full width unless `trigger` says otherwise (`{"width": None, ...}`); `label`
    names it for screen readers (the caption above a select is not tied to Radix's trigger)."""
    trigger_props = {k: v for k, v in {"width": "100%", **(trigger or {})}.items() if v is not None}
    if label:
        trigger_props["aria_label"] = label
    if testid:
        trigger_props["data_testid"] = testid
    return rx.select.root(
        rx.select.trigger(**trigger_props),
        rx.select.content(*(rx.select.item(label, value=value) for value, label in options), *more),
        **root_props,
    )


def form_error(message: rx.Var[str], *, testid: str | None = None, icon: str = "circle-alert") -> rx.Component:
    """What went wrong with the whole form, in a red callout (nothing when `message` is empty)."""
    return rx.cond(
        message != "",
        rx.callout(message, icon=icon, color_scheme="red", width="100%", **({"data_testid": testid} if testid else {})),
        rx.fragment(),
    )


def auth_card(title: str, *children: rx.Component) -> rx.Component:
    """The centred card of the signed-out pages (sign in, sign up, reset, confirm)."""
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon("audio-waveform", color=rx.color("accent", 9)), rx.heading("Simple Balance Music", size="5"),
                          align="center"),
                rx.heading(title, size="6"),
                *children,
                spacing="4",
                width="100%",
            ),
            width="100%",
            max_width="420px",
            size="4",
        ),
        min_height="100vh",
        padding="16px",
    )
