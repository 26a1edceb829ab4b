"""The mix stage: levels and vocal clean-up, EQ, compressor, reverb and limiter with
presets that fill them in, the loudness target, and the master: its figures (WAV and
MP3), the mastering report per platform, before/after players and a loudness-matched A/B."""

from __future__ import annotations

import reflex as rx

from app.pages.label.common import callout, field, progress, select, stat
from components.audio_player import ab_compare, audio_player
from services.label.loudness import TARGETS
from services.label.mixing import RANGES
from state.label_mix import LabelMixState as S

PRESET_CHOICES = [("warm", "Warm"), ("clean", "Clean"), ("bright", "Bright")]
CONTROLS: tuple[tuple[str, str, float, str], ...] = (
    ("Beat level", "beat_gain_db", 0.5, " dB"), ("Vocal level", "vocal_gain_db", 0.5, " dB"),
    ("Vocal high-pass", "vocal_highpass_hz", 5, " Hz"), ("De-ess", "deess", 0.05, ""),
    ("EQ low (100 Hz)", "eq_low_db", 0.5, " dB"), ("EQ mid (1.5 kHz)", "eq_mid_db", 0.5, " dB"),
    ("EQ high (10 kHz)", "eq_high_db", 0.5, " dB"), ("Compressor threshold", "comp_threshold_db", 1, " dBFS"),
    ("Compressor ratio", "comp_ratio", 0.5, ":1"), ("Reverb", "reverb", 0.05, ""), ("Limiter", "limiter", 0.05, ""),
)


def _slider(label: str, name: str, step: float, unit: str) -> rx.Component:
    lo, hi = RANGES[name]
    return field(label, rx.hstack(
        rx.slider(value=[S.controls[name]], min=lo, max=hi, step=step, on_change=lambda v: S.set_control(name, v),
                  on_value_commit=lambda v: S.save_control(name, v), width="100%", data_testid=f"mix-{name}"),
        rx.text(S.controls[name].to(str), unit, size="1", min_width="70px", align="right"),
        width="100%", align="center",
    ))


def _report() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in
                                       ("Platform", "Plays at", "The WAV", "The MP3 (decoded)", "")))),
        rx.table.body(rx.foreach(S.report, lambda r: rx.table.row(
            rx.table.cell(r["platform"]), rx.table.cell(r["target"]), rx.table.cell(r["wav"]), rx.table.cell(r["mp3"]),
            rx.table.cell(rx.cond(r["ok"] == "yes", rx.icon("circle-check", size=16, color=rx.color("grass", 9)),
                                  rx.icon("triangle-alert", size=16, color=rx.color("amber", 9)))),
            data_testid="report-row",
        ))),
        size="1", width="100%", data_testid="mastering-report",
    )


def _master() -> rx.Component:
    m = S.master
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Master", size="4"), rx.badge(m["target"], variant="soft"), rx.text(m["label"], size="1"),
                rx.spacer(),
                rx.cond(m["mp3_url"] != "", rx.link(rx.button(rx.icon("download", size=16), "MP3", variant="soft", size="1"),
                                                    href=m["mp3_url"] + "?download=1"), rx.fragment()),
                rx.link(rx.button(rx.icon("download", size=16), "WAV", variant="soft", size="1"), href=m["url"] + "?download=1"),
                width="100%", align="center", wrap="wrap",
            ),
            rx.hstack(
                stat("Integrated loudness", m["lufs"], "master-lufs", "LUFS"),
                stat("True peak", m["true_peak"], "master-peak", "dBTP"),
                stat("Loudness range", m["lra"], "master-lra", "LU"),
                stat("MP3 loudness", m["mp3_lufs"], "mp3-lufs", "LUFS"),
                stat("MP3 true peak", m["mp3_peak"], "mp3-peak", "dBTP"),
                stat("Mix before mastering", m["before_lufs"], "mix-lufs", "LUFS"),
                spacing="6", wrap="wrap",
            ),
            _report(),
            rx.heading("Compare", size="3"),
            ab_compare(m["before_url"], m["url"], m["mix_volume"], m["master_volume"],
                       note=rx.text("Loudness-matched: the louder one is turned down ", m["matched_by"],
                                    " dB, so you hear the processing, not the volume.", size="1", color_scheme="gray")),
            rx.grid(
                audio_player(m["before_url"], m["before_wave"], title="Before (mix)", color="gray", test_id="before-audio"),
                audio_player(m["url"], m["wave"], title="After (master)", test_id="after-audio"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        data_testid="master-result",
    )


def mix_panel() -> rx.Component:
    return rx.vstack(
        rx.cond(~S.has_beat, rx.callout("Make a beat first: the mix needs a beat (vocal takes are optional).",
                                        icon="info", width="100%"), rx.fragment()),
        rx.hstack(
            rx.text("Presets fill in the controls:", size="2"),
            *(rx.button(label, size="1", variant="soft", on_click=S.apply_preset(value), data_testid=f"preset-{value}")
              for value, label in PRESET_CHOICES),
            spacing="2", align="center", wrap="wrap",
        ),
        rx.grid(*(_slider(*c) for c in CONTROLS), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        field("Loudness target", select(S.target, [(k, f"{t.name} ({t.lufs:g} LUFS)") for k, t in TARGETS.items()],
                                        S.set_target, "mix-target")),
        rx.hstack(
            rx.button(rx.icon("sliders-horizontal", size=16), "Mix & master", on_click=S.run_mix, loading=S.busy,
                      disabled=~S.has_beat, data_testid="run-mix"),
            rx.text("Two-pass loudness normalisation; the page stays usable while it runs.", size="1", color_scheme="gray"),
            spacing="3", align="center", wrap="wrap",
        ),
        progress(S.busy, S.progress, S.progress_message, "mix-progress"),
        callout(S.error, "mix-error"),
        rx.cond(S.master.contains("url"), _master(), rx.fragment()),
        spacing="4",
        width="100%",
    )
