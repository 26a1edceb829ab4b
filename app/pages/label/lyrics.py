"""The lyrics stage: write, refine, undo, edit by hand, copy a section."""

from __future__ import annotations

import reflex as rx

from app.pages.label.common import callout, field, text_input
from state.label_lyrics import LabelLyricsState as S


def _input(name: str, placeholder: str = "", test_id: str = "", **props) -> rx.Component:
    return text_input(S.form[name], lambda v: S.set_field(name, v), lambda v: S.save_field(name, v),
                      test_id or f"field-lyr_{name}", placeholder, **props)


def _lyrics_section(section: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(section["label"], weight="bold", size="2"),
                rx.spacer(),
                rx.icon_button(rx.icon("clipboard-copy", size=14), size="1", variant="ghost",
                               on_click=S.copy_section(section["text"]), aria_label="Copy this section",
                               data_testid="copy-section"),
                width="100%",
                align="center",
            ),
            rx.text(section["text"], white_space="pre-wrap", size="2"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="lyrics-section",
    )


def lyrics_panel() -> rx.Component:
    return rx.vstack(
        rx.grid(
            field("Genre", _input("genre", "from the beat")),
            field("Mood", _input("mood", "from the beat")),
            field("Title (optional)", _input("title", "Night Drive")),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        field("Theme", _input("theme", "city lights, leaving home, second chances", max_length=300)),
        rx.hstack(
            rx.button(rx.icon("notebook-pen", size=16), "Write lyrics", on_click=S.write(False),
                      loading=S.busy, data_testid="write-lyrics"),
            rx.button("Free lyrics from the theme", variant="soft", on_click=S.write(True)),
            rx.cond(S.beat_bpm != "",
                    rx.text("Phrased for the beat's ", S.beat_bpm, " BPM", size="1", color_scheme="gray"),
                    rx.fragment()),
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        callout(S.error, "lyrics-error"),
        rx.cond(
            S.sections.length() > 0,
            rx.vstack(
                rx.hstack(
                    rx.heading(S.title, size="4", data_testid="lyrics-title"),
                    rx.badge(S.source, variant="soft", data_testid="lyrics-source"),
                    rx.spacer(),
                    rx.button(rx.icon("undo-2", size=16), "Undo", variant="soft", disabled=~S.can_undo,
                              on_click=S.undo, data_testid="undo-lyrics"),
                    rx.button(rx.icon("pencil", size=16), "Edit by hand", variant="soft", on_click=S.start_editing,
                              data_testid="edit-lyrics"),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.cond(
                    S.editing,
                    rx.vstack(
                        rx.text("Use [Verse 1], [Chorus], [Bridge] … lines as section headers.", size="1", color_scheme="gray"),
                        rx.text_area(value=S.draft, on_change=S.set_draft, rows="16",
                                     width="100%", data_testid="lyrics-editor"),
                        rx.hstack(
                            rx.button("Save lyrics", on_click=S.save_lyrics, data_testid="save-lyrics"),
                            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel_editing),
                            spacing="2",
                        ),
                        width="100%",
                    ),
                    rx.grid(rx.foreach(S.sections, _lyrics_section),
                            columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
                ),
                rx.hstack(
                    _input("instruction", "Make the chorus shorter and more hopeful", test_id="refine-instruction"),
                    rx.button("Refine", on_click=S.refine, loading=S.busy, data_testid="refine-lyrics"),
                    width="100%",
                ),
                rx.cond(
                    S.steps.length() > 0,
                    rx.text("History: ", rx.foreach(S.steps, lambda s: rx.badge(s, variant="outline", margin_right="4px")),
                            size="1", color_scheme="gray"),
                    rx.fragment(),
                ),
                spacing="3",
                width="100%",
            ),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
    )


