"""The upload stage: the drop zone (size checked in the browser before sending), the
caps said plainly, and the takes: play, rename, delete, choose for the song or per
section, align to the beat and nudge."""

from __future__ import annotations

import reflex as rx

from app.pages.label.common import callout
from components.audio_player import audio_player
from services.media.probe import VOCAL_CAPS
from state.label_takes import UPLOAD_ID
from state.label_takes import LabelTakesState as S

ACCEPT = {"audio/*": [".wav", ".mp3", ".aiff", ".aif", ".flac", ".ogg", ".m4a"]}


def _drop_zone() -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.icon("upload", size=28, color=rx.color("accent", 9)),
            rx.text("Drop vocal takes here or click to choose", weight="medium"),
            rx.text("WAV, MP3, AIFF, FLAC, OGG or M4A · ", S.caps, " · the audio is checked, not the file name",
                    size="1", color_scheme="gray", align="center", data_testid="upload-caps"),
            rx.cond(S.busy, rx.hstack(rx.spinner(size="1"), rx.text("Checking the audio…", size="2")), rx.fragment()),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        multiple=True,
        accept=ACCEPT,
        max_size=VOCAL_CAPS.max_bytes,
        on_drop=[S.start_upload, S.upload(rx.upload_files(upload_id=UPLOAD_ID))],
        on_drop_rejected=S.refused_in_browser,
        border=f"2px dashed {rx.color('gray', 7)}",
        border_radius="var(--radius-3)",
        padding="28px",
        width="100%",
        cursor="pointer",
        data_testid="vocal-upload",
    )


def _name(t: rx.Var) -> rx.Component:
    return rx.cond(
        S.renaming == t["id"],
        rx.input(value=S.name_draft, on_change=S.set_name_draft, on_blur=S.save_rename, auto_focus=True, size="1",
                 data_testid="take-name-input"),
        rx.hstack(
            rx.text(t["label"], weight="medium", size="2", data_testid="take-name"),
            rx.icon_button(rx.icon("pencil", size=12), size="1", variant="ghost", aria_label="Rename this take",
                           on_click=S.start_rename(t["id"], t["label"]), data_testid="take-rename"),
            spacing="1", align="center",
        ),
    )


def _placement(t: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text("Starts at ", rx.text.strong(t["offset"], data_testid="take-offset"), " on the beat", size="1"),
        *(rx.button(label, size="1", variant="soft", on_click=S.nudge(t["id"], ms), aria_label=f"Nudge {label}")
          for label, ms in (("−100 ms", -100), ("−10", -10), ("+10", 10), ("+100 ms", 100))),
        rx.button(rx.icon("audio-waveform", size=12), "Align to the beat", size="1", variant="outline",
                  on_click=S.align(t["id"]), data_testid="take-align"),
        spacing="2", align="center", wrap="wrap",
    )


def _sections(t: rx.Var) -> rx.Component:
    return rx.cond(
        S.sections.length() > 0,
        rx.hstack(
            rx.text("Sings:", size="1", color_scheme="gray"),
            rx.foreach(S.sections, lambda s: rx.badge(
                s["name"].split(" · ")[0],
                variant=rx.cond(t["sections"].contains(s["name"].split(" · ")[0]), "solid", "outline"),
                cursor="pointer", on_click=S.toggle_section(t["id"], s["index"]), title=s["name"],
            )),
            spacing="1", wrap="wrap", align="center",
        ),
        rx.fragment(),
    )


def _take(t: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                _name(t),
                rx.badge(t["format"], variant="soft"),
                rx.text(t["duration"], size="1"),
                rx.spacer(),
                rx.cond(t["chosen"] == "yes",
                        rx.button(rx.icon("check", size=12), "Chosen", size="1", color_scheme="grass",
                                  on_click=S.unchoose(t["id"]), data_testid="take-chosen"),
                        rx.button("Choose for the song", size="1", variant="outline", on_click=S.choose(t["id"]),
                                  data_testid="take-choose")),
                rx.icon_button(rx.icon("trash-2", size=14), variant="ghost", color_scheme="red", size="1",
                               on_click=S.ask_remove(t["id"]), aria_label="Delete this take", data_testid="take-delete"),
                width="100%", align="center", wrap="wrap",
            ),
            rx.cond(S.confirm_id == t["id"], rx.callout(rx.hstack(
                rx.text("Delete the take “", t["label"], "” and its file for good? Mixes made with it stay."),
                rx.button("Delete", size="1", color_scheme="red", on_click=S.remove, data_testid="take-confirm-delete"),
                rx.button("Keep it", size="1", variant="soft", color_scheme="gray", on_click=S.cancel_remove),
                spacing="2", align="center", wrap="wrap",
            ), color_scheme="red", size="1", width="100%"), rx.fragment()),
            audio_player(t["url"], t["wave"], color="iris"),
            rx.cond(t["warning"] != "", rx.callout(t["warning"], icon="triangle-alert", color_scheme="amber", size="1"),
                    rx.fragment()),
            _placement(t),
            _sections(t),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="vocal-take",
    )


def takes_panel() -> rx.Component:
    return rx.vstack(
        _drop_zone(),
        callout(S.error, "upload-error"),
        callout(S.notice, "upload-notice", "green"),
        rx.cond(
            S.takes.length() > 0,
            rx.vstack(
                rx.heading("Takes", size="3"),
                rx.text("Only chosen takes are mixed: one for the whole song, or give sections to other takes.",
                        size="1", color_scheme="gray"),
                rx.foreach(S.takes, _take),
                width="100%",
                spacing="2",
            ),
            rx.text("No takes yet. Record with any app, export, and drop the file here.", size="2", color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )
