"""The beat stage: the request, the structure (set by the artist, or following the takes),
the generator and its licence, progress, and the beat the mix uses."""

from __future__ import annotations

import reflex as rx

from app.pages.label.common import callout, field, progress, select, stat, text_input
from components.audio_player import audio_player
from services.label.beat_synth import NOTE_NAMES
from state.label_beat import LabelBeatState as S

GENRES = ["hip hop", "trap", "lofi", "pop", "house", "rock"]
MOODS = ["chill", "happy", "energetic", "sad", "dark"]
KEYS = [f"{n} {q}" for q in ("minor", "major") for n in NOTE_NAMES]


def _input(name: str, placeholder: str = "", **props) -> rx.Component:
    return text_input(S.form[name], lambda v: S.set_field(name, v), lambda v: S.save_field(name, v),
                      f"field-beat_{name}", placeholder, **props)


def _select(name: str, options: list[str] | list[tuple[str, str]]) -> rx.Component:
    return select(S.form[name], options, lambda v: S.save_field(name, v), f"field-beat_{name}")


def _generator() -> rx.Component:
    return field("Generator", rx.select.root(
        rx.select.trigger(width="100%", placeholder="Automatic", data_testid="field-beat_generator"),
        rx.select.content(rx.foreach(S.generators, lambda g: rx.select.item(g["label"], value=g["value"]))),
        value=S.form["generator"],
        on_change=lambda v: S.save_field("generator", v),
    ))


def _licences() -> rx.Component:
    return rx.vstack(
        rx.foreach(S.generators, lambda g: rx.hstack(
            rx.badge(g["label"], variant="outline"),
            rx.text(g["licence"], size="1", color_scheme="gray"),
            rx.cond(g["commercial"] == "yes", rx.badge("commercial release OK", color_scheme="grass", size="1"),
                    rx.badge("non-commercial", color_scheme="amber", size="1")),
            spacing="2", align="center", wrap="wrap",
        )),
        spacing="1",
    )


def _beat_card() -> rx.Component:
    b = S.beat
    return rx.card(
        rx.vstack(
            rx.hstack(
                stat("Detected tempo", b["bpm"], "beat-bpm", "BPM"),
                stat("Detected key", b["key"], "beat-key"),
                stat("Length", b["duration"], "beat-duration"),
                rx.badge(b["generator"], variant="outline", data_testid="beat-generator"),
                rx.cond(b["commercial"] == "yes",
                        rx.badge("Licence: ", b["licence"], color_scheme="grass", data_testid="beat-licence"),
                        rx.badge("Non-commercial: ", b["licence"], color_scheme="amber", data_testid="beat-licence")),
                spacing="5",
                wrap="wrap",
                align="center",
            ),
            rx.cond(b["commercial"] == "yes", rx.fragment(),
                    rx.callout(b["licence_note"], icon="scale", color_scheme="amber", size="1", width="100%")),
            rx.text("Structure (", b["derived"], "): ", b["structure"], size="1", color_scheme="gray",
                    data_testid="beat-structure"),
            callout(b["notes"], "beat-notes", "gray"),
            audio_player(b["url"], S.beat_wave, title=b["label"], test_id="beat-audio"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="beat-result",
    )


def beat_panel() -> rx.Component:
    return rx.vstack(
        rx.grid(
            field("Genre", _select("genre", GENRES)),
            field("Mood", _select("mood", MOODS)),
            field("Tempo (BPM, 60-200)", _input("bpm", "90", type="number", min=60, max=200)),
            field("Key", _select("key", KEYS)),
            rx.cond(S.has_takes,
                    field("Length", rx.text("follows your chosen takes", size="2", data_testid="beat-follows-takes")),
                    field("Length (seconds, 5-360)", _input("length", "60", type="number", min=5, max=360))),
            _generator(),
            columns=rx.breakpoints(initial="2", md="3"),
            spacing="3",
            width="100%",
        ),
        field("Sections (optional, bars)", _input("sections", "intro 4, verse 16, chorus 8, verse 16, chorus 8, outro 4",
                                                   max_length=600),
              "Leave empty to follow your takes (their length and loud parts) or the length above."),
        field("Prompt (optional)", _input("prompt", "warm Rhodes, dusty drums, late-night drive", max_length=300)),
        _licences(),
        rx.button(rx.icon("sparkles", size=16), rx.cond(S.beat.contains("id"), "Make a new beat", "Make beat"),
                  on_click=S.make_beat, loading=S.busy, data_testid="make-beat"),
        progress(S.busy, S.progress, S.progress_message, "beat-progress"),
        callout(S.error, "beat-error"),
        rx.cond(S.beat.contains("id"), _beat_card(), rx.fragment()),
        spacing="4",
        width="100%",
    )
