"""An audio player for a project file: waveform, the browser's own controls (seek
works: the media route answers range requests) and a download link."""

from __future__ import annotations

import reflex as rx

from components.waveform import waveform


def audio_player(url: rx.Var | str, wave: rx.Var | str = "", *, title: rx.Var | str = "", meta: rx.Component | None = None,
                 color: str = "accent", test_id: str = "") -> rx.Component:
    """A small card: title line, waveform (when peaks are known), controls, download."""
    return rx.vstack(
        rx.hstack(
            rx.text(title, weight="medium", size="2", trim="both"),
            meta or rx.fragment(),
            rx.spacer(),
            rx.link(rx.icon("download", size=16), href=url.to(str) + "?download=1" if isinstance(url, rx.Var) else f"{url}?download=1",
                    aria_label="Download", color_scheme="gray"),
            width="100%",
            align="center",
            spacing="2",
        ),
        rx.cond(wave != "", waveform(wave, color=color), rx.fragment()) if isinstance(wave, rx.Var) else (
            waveform(wave, color=color) if wave else rx.fragment()),
        rx.el.audio(src=url, controls=True, preload="metadata", width="100%", height="36px",
                    data_testid=test_id or None),
        spacing="2",
        width="100%",
    )
