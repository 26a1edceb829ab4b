"""Label: take a track from beat to lyrics, vocals, mix and master, then its release
pack, content and analytics, on one timeline."""

from __future__ import annotations

import reflex as rx

from components.audio_player import audio_player
from components.badges import mode_badges
from components.content_studio import content_studio_panel
from components.empty_state import empty_state
from components.label_analytics import label_analytics_panel
from components.layout import shell, signed_in_only
from components.release_pack import release_pack_panel
from components.timeline import timeline
from services.label import STAGE_LABELS, STAGES, TARGETS
from services.label.beat_synth import NOTE_NAMES
from state.auth import AuthState
from state.label import LabelState

GENRES = ["hip hop", "trap", "lofi", "pop", "house", "rock"]
MOODS = ["chill", "happy", "energetic", "sad", "dark"]
KEYS = [f"{n} {q}" for q in ("minor", "major") for n in NOTE_NAMES]
PRESET_CHOICES = [("warm", "Warm"), ("clean", "Clean"), ("bright", "Bright")]
STAGE_INTROS = {
    "beat": "Describe the groove; the beat is rendered, then its tempo and key are measured from the audio.",
    "lyrics": "Write from genre, mood and theme (the beat's tempo shapes the phrasing), refine, undo, or edit by hand.",
    "upload": "Upload your vocal takes: WAV, MP3, AIFF, FLAC or M4A up to 50 MB each. Every take is kept as a stem.",
    "mix": "Balance beat and vocals, pick a sound, then master to a streaming loudness target.",
    "release": "Release details, cover art and the release pack with your master.",
    "content": "Post ideas, videos, captions and a posting schedule for the release.",
    "analytics": "How your projects are doing, stage by stage.",
}


def _field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", weight="medium", color_scheme="gray"), control, spacing="1", width="100%")


def _select(name: str, options: list[str] | list[tuple[str, str]], test_id: str = "") -> rx.Component:
    pairs = [(o, o) if isinstance(o, str) else o for o in options]
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=test_id or f"field-{name}"),
        rx.select.content(*(rx.select.item(label, value=value) for value, label in pairs)),
        value=LabelState.form[name],
        on_change=lambda v: LabelState.save_field(name, v),
    )


def _input(name: str, placeholder: str = "", test_id: str = "", **props) -> rx.Component:
    return rx.input(
        value=LabelState.form[name],
        placeholder=placeholder,
        on_change=lambda v: LabelState.set_field(name, v),
        on_blur=lambda v: LabelState.save_field(name, v),
        width="100%",
        data_testid=test_id or f"field-{name}",
        **props,
    )


def _progress(busy: rx.Var, fraction: rx.Var, message: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        busy,
        rx.vstack(
            rx.hstack(rx.spinner(size="2"), rx.text(message, size="2"), rx.spacer(), rx.text(fraction.to(str) + "%", size="2"),
                      width="100%", align="center"),
            rx.progress(value=fraction, max=100, width="100%"),
            width="100%",
            spacing="2",
            data_testid=test_id,
        ),
        rx.fragment(),
    )


def _error(message: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-alert", color_scheme="red", width="100%", data_testid=test_id),
        rx.fragment(),
    )


def _stat(label: str, value: rx.Var, test_id: str, unit: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.hstack(rx.text(value, size="5", weight="bold", data_testid=test_id), rx.text(unit, size="2", color_scheme="gray"),
                  align="baseline", spacing="1"),
        spacing="0",
        min_width="90px",
    )


# --- projects ------------------------------------------------------------------------

def _plan_line() -> rx.Component:
    return rx.hstack(
        rx.badge(LabelState.plan_title, color_scheme=rx.cond(LabelState.plan == "pro", "violet", "gray"), data_testid="label-plan"),
        rx.text(LabelState.project_limit, size="2", color_scheme="gray", data_testid="project-limit"),
        rx.cond(LabelState.plan == "free", rx.link("Upgrade", href="/billing", size="2"), rx.fragment()),
        spacing="2",
        align="center",
    )


def _cue_controls() -> rx.Component:
    return rx.hstack(
        rx.tooltip(
            rx.icon_button(
                rx.cond(LabelState.cues_muted == "1", rx.icon("volume-x", size=16), rx.icon("volume-2", size=16)),
                variant="soft",
                size="1",
                on_click=LabelState.toggle_cues,
                aria_label="Mute or unmute the voice cues",
                data_testid="cue-mute",
            ),
            content="Spoken cues per stage",
        ),
        rx.slider(
            default_value=[70],
            value=[LabelState.cue_volume.to(int)],
            min=0,
            max=100,
            step=5,
            width="90px",
            size="1",
            on_change=LabelState.set_cue_volume,
            disabled=LabelState.cues_muted == "1",
            aria_label="Cue volume",
        ),
        align="center",
        spacing="2",
    )


def _project_list() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Projects", size="3"),
                rx.spacer(),
                rx.button(rx.icon("plus", size=14), "New", size="1", on_click=LabelState.new_project, data_testid="new-project",
                          aria_label="New project"),
                width="100%",
                align="center",
            ),
            rx.foreach(
                LabelState.projects,
                lambda p: rx.box(
                    rx.hstack(
                        rx.vstack(
                            rx.text(p["name"], weight="medium", size="2", trim="both"),
                            rx.text(p["updated"], size="1", color_scheme="gray"),
                            spacing="1",
                        ),
                        rx.spacer(),
                        rx.badge(p["progress"].to(str) + "%", variant="soft"),
                        align="center",
                        width="100%",
                    ),
                    on_click=LabelState.switch_project(p["id"]),
                    cursor="pointer",
                    padding="8px 10px",
                    width="100%",
                    border_radius="var(--radius-2)",
                    background=rx.cond(p["id"] == LabelState.project_id, rx.color("accent", 3), "transparent"),
                    _hover={"background": rx.color("gray", 3)},
                    data_testid="project-item",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _project_header() -> rx.Component:
    return rx.hstack(
        rx.input(
            value=LabelState.name_draft,
            on_change=LabelState.set_name_draft,
            on_blur=LabelState.save_name,
            on_key_down=LabelState.rename_key,
            size="3",
            max_length=120,
            aria_label="Project name",
            data_testid="project-name",
            flex="1",
            min_width="200px",
        ),
        rx.button(rx.icon("copy", size=16), "Duplicate", variant="soft", on_click=LabelState.duplicate, data_testid="duplicate-project"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button(rx.icon("trash-2", size=16), "Delete", variant="soft", color_scheme="red",
                                              data_testid="delete-project")),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Delete this project?"),
                rx.alert_dialog.description(
                    rx.text("“", LabelState.project_name, "” and all its files (beats, takes, masters) will be removed for good.")),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=LabelState.delete, data_testid="confirm-delete")),
                    spacing="3",
                    justify="end",
                    padding_top="12px",
                ),
            ),
        ),
        width="100%",
        spacing="2",
        wrap="wrap",
        align="center",
    )


# --- stages ----------------------------------------------------------------------------

def _beat_panel() -> rx.Component:
    return rx.vstack(
        rx.grid(
            _field("Genre", _select("beat_genre", GENRES)),
            _field("Mood", _select("beat_mood", MOODS)),
            _field("Tempo (BPM)", _input("beat_bpm", "90", type="number", min=60, max=180)),
            _field("Key", _select("beat_key", KEYS)),
            _field("Length (seconds)", _input("beat_duration", "20", type="number", min=5, max=30)),
            rx.cond(LabelState.beat_live,
                    _field("MusicGen model", _select("beat_model", [(v, v) for v in ("stereo-melody-large", "stereo-large", "melody-large", "large")])),
                    rx.fragment()),
            columns=rx.breakpoints(initial="2", md="3"),
            spacing="3",
            width="100%",
        ),
        _field("Prompt (optional)", _input("beat_prompt", "warm Rhodes, dusty drums, late-night drive", max_length=300)),
        rx.hstack(
            rx.button(rx.icon("sparkles", size=16), rx.cond(LabelState.beat.contains("id"), "Make a new beat", "Make beat"),
                      on_click=LabelState.make_beat, loading=LabelState.beat_busy, data_testid="make-beat"),
            rx.text(rx.cond(LabelState.beat_live, "MusicGen on Replicate", "Local synth: drums, bass and chords rendered here"),
                    size="1", color_scheme="gray"),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        _progress(LabelState.beat_busy, LabelState.beat_fraction, LabelState.beat_message, "beat-progress"),
        _error(LabelState.beat_error, "beat-error"),
        rx.cond(
            LabelState.beat.contains("id"),
            rx.card(
                rx.vstack(
                    rx.hstack(
                        _stat("Detected tempo", LabelState.beat["bpm"], "beat-bpm", "BPM"),
                        _stat("Detected key", LabelState.beat["key"], "beat-key"),
                        _stat("Length", LabelState.beat["duration"], "beat-duration"),
                        rx.badge(LabelState.beat["source"], variant="outline"),
                        spacing="5",
                        wrap="wrap",
                        align="center",
                    ),
                    audio_player(LabelState.beat["url"], LabelState.beat_wave, title=LabelState.beat["label"], test_id="beat-audio"),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
                data_testid="beat-result",
            ),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
    )


def _lyrics_section(section: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(section["label"], weight="bold", size="2"),
                rx.spacer(),
                rx.icon_button(rx.icon("clipboard-copy", size=14), size="1", variant="ghost",
                               on_click=LabelState.copy_section(section["text"]), aria_label="Copy this section",
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


def _lyrics_panel() -> rx.Component:
    return rx.vstack(
        rx.grid(
            _field("Genre", _input("lyr_genre", "from the beat")),
            _field("Mood", _input("lyr_mood", "from the beat")),
            _field("Title (optional)", _input("lyr_title", "Night Drive")),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        _field("Theme", _input("lyr_theme", "city lights, leaving home, second chances", max_length=300)),
        rx.hstack(
            rx.button(rx.icon("notebook-pen", size=16), "Write lyrics", on_click=LabelState.write(False),
                      loading=LabelState.lyrics_busy, data_testid="write-lyrics"),
            rx.button("Free lyrics from the theme", variant="soft", on_click=LabelState.write(True)),
            rx.cond(LabelState.beat.contains("bpm"),
                    rx.text("Phrased for the beat's ", LabelState.beat["bpm"], " BPM", size="1", color_scheme="gray"),
                    rx.fragment()),
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        _error(LabelState.lyrics_error, "lyrics-error"),
        rx.cond(
            LabelState.lyrics_sections.length() > 0,
            rx.vstack(
                rx.hstack(
                    rx.heading(LabelState.lyrics_title, size="4", data_testid="lyrics-title"),
                    rx.badge(LabelState.lyrics_source, variant="soft", data_testid="lyrics-source"),
                    rx.spacer(),
                    rx.button(rx.icon("undo-2", size=16), "Undo", variant="soft", disabled=~LabelState.lyrics_can_undo,
                              on_click=LabelState.undo, data_testid="undo-lyrics"),
                    rx.button(rx.icon("pencil", size=16), "Edit by hand", variant="soft", on_click=LabelState.start_editing,
                              data_testid="edit-lyrics"),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.cond(
                    LabelState.lyrics_editing,
                    rx.vstack(
                        rx.text("Use [Verse 1], [Chorus], [Bridge] … lines as section headers.", size="1", color_scheme="gray"),
                        rx.text_area(value=LabelState.lyrics_draft, on_change=LabelState.set_lyrics_draft, rows="16",
                                     width="100%", data_testid="lyrics-editor"),
                        rx.hstack(
                            rx.button("Save lyrics", on_click=LabelState.save_lyrics, data_testid="save-lyrics"),
                            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=LabelState.cancel_editing),
                            spacing="2",
                        ),
                        width="100%",
                    ),
                    rx.grid(rx.foreach(LabelState.lyrics_sections, _lyrics_section),
                            columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
                ),
                rx.hstack(
                    _input("lyr_instruction", "Make the chorus shorter and more hopeful", test_id="refine-instruction"),
                    rx.button("Refine", on_click=LabelState.refine, loading=LabelState.lyrics_busy, data_testid="refine-lyrics"),
                    width="100%",
                ),
                rx.cond(
                    LabelState.lyrics_steps.length() > 0,
                    rx.text("History: ", rx.foreach(LabelState.lyrics_steps, lambda s: rx.badge(s, variant="outline", margin_right="4px")),
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


def _upload_panel() -> rx.Component:
    return rx.vstack(
        rx.upload(
            rx.vstack(
                rx.icon("upload", size=28, color=rx.color("accent", 9)),
                rx.text("Drop vocal takes here or click to choose", weight="medium"),
                rx.text("WAV, MP3, AIFF, FLAC or M4A · up to 50 MB each · the audio is checked, not the file name",
                        size="1", color_scheme="gray", align="center"),
                rx.cond(LabelState.upload_busy, rx.hstack(rx.spinner(size="1"), rx.text("Checking the audio…", size="2")),
                        rx.fragment()),
                align="center",
                spacing="2",
            ),
            id="vocal_upload",
            multiple=True,
            max_size=50 * 2**20,  # the browser refuses a take over 50 MB before sending it (a toast says why)
            accept={"audio/*": [".wav", ".mp3", ".aiff", ".aif", ".flac", ".m4a"]},
            on_drop=[LabelState.start_upload,
                     LabelState.upload_takes(rx.upload_files(upload_id="vocal_upload"))],
            border=f"2px dashed {rx.color('gray', 7)}",
            border_radius="var(--radius-3)",
            padding="28px",
            width="100%",
            cursor="pointer",
            data_testid="vocal-upload",
        ),
        _error(LabelState.upload_error, "upload-error"),
        rx.cond(
            LabelState.takes.length() > 0,
            rx.vstack(
                rx.heading("Takes", size="3"),
                rx.foreach(
                    LabelState.takes,
                    lambda t: rx.card(
                        rx.hstack(
                            audio_player(t["url"], t["wave"], title=t["label"],
                                         meta=rx.hstack(rx.badge(t["format"], variant="soft"), rx.text(t["duration"], size="1")),
                                         color="iris"),
                            rx.icon_button(rx.icon("trash-2", size=14), variant="ghost", color_scheme="red", size="1",
                                           on_click=LabelState.remove_take(t["id"]), aria_label="Remove this take"),
                            width="100%",
                            align="start",
                        ),
                        width="100%",
                        data_testid="vocal-take",
                    ),
                ),
                width="100%",
                spacing="2",
            ),
            rx.text("No takes yet. Record with any app, export, and drop the file here.", size="2", color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )


def _mix_slider(label: str, name: str, lo: float, hi: float, step: float, unit: str) -> rx.Component:
    return _field(
        label,
        rx.hstack(
            rx.slider(value=[LabelState.mix[name]], min=lo, max=hi, step=step,
                      on_change=lambda v: LabelState.set_mix(name, v),
                      on_value_commit=lambda v: LabelState.save_mix(name, v), width="100%", data_testid=f"mix-{name}"),
            rx.text(LabelState.mix[name].to(str), unit, size="1", min_width="64px", align="right"),
            width="100%",
            align="center",
        ),
    )


def _mix_panel() -> rx.Component:
    return rx.vstack(
        rx.cond(~LabelState.beat.contains("id"),
                rx.callout("Make a beat first: the mix needs a beat (vocal takes are optional).", icon="info", width="100%"),
                rx.fragment()),
        rx.grid(
            _mix_slider("Beat level", "beat_gain_db", -24, 12, 0.5, " dB"),
            _mix_slider("Vocal level", "vocal_gain_db", -24, 12, 0.5, " dB"),
            _mix_slider("Vocal high-pass", "vocal_highpass_hz", 20, 400, 5, " Hz"),
            _mix_slider("De-ess", "deess", 0, 1, 0.05, ""),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.grid(
            _field("Sound", rx.segmented_control.root(
                *(rx.segmented_control.item(label, value=value) for value, label in PRESET_CHOICES),
                value=LabelState.form["preset"], on_change=lambda v: LabelState.save_field("preset", v), width="100%")),
            _field("Loudness target", _select("target", [(k, f"{t.name} ({t.lufs:g} LUFS)") for k, t in TARGETS.items()],
                                              test_id="mix-target")),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.hstack(
            rx.button(rx.icon("sliders-horizontal", size=16), "Mix & master", on_click=LabelState.run_mix,
                      loading=LabelState.mix_busy, disabled=~LabelState.beat.contains("id"), data_testid="run-mix"),
            rx.text("Two-pass loudness normalisation; the page stays usable while it runs.", size="1", color_scheme="gray"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        _progress(LabelState.mix_busy, LabelState.mix_fraction, LabelState.mix_message, "mix-progress"),
        _error(LabelState.mix_error, "mix-error"),
        rx.cond(
            LabelState.master.contains("url"),
            rx.card(
                rx.vstack(
                    rx.hstack(
                        rx.heading("Master", size="4"),
                        rx.badge(LabelState.master["target"], variant="soft"),
                        rx.spacer(),
                        rx.cond(LabelState.master["mp3_url"] != "",
                                rx.link(rx.button(rx.icon("download", size=16), "MP3", variant="soft", size="1"),
                                        href=LabelState.master["mp3_url"] + "?download=1"),
                                rx.fragment()),
                        rx.link(rx.button(rx.icon("download", size=16), "WAV", variant="soft", size="1"),
                                href=LabelState.master["url"] + "?download=1"),
                        width="100%",
                        align="center",
                        wrap="wrap",
                    ),
                    rx.hstack(
                        _stat("Integrated loudness", LabelState.master["lufs"], "master-lufs", "LUFS"),
                        _stat("True peak", LabelState.master["true_peak"], "master-peak", "dBTP"),
                        _stat("Loudness range", LabelState.master["lra"], "master-lra", "LU"),
                        _stat("Before mastering", LabelState.master["before_lufs"], "mix-lufs", "LUFS"),
                        spacing="6",
                        wrap="wrap",
                    ),
                    rx.grid(
                        audio_player(LabelState.master["before_url"], LabelState.master["before_wave"], title="Before (mix)",
                                     color="gray", test_id="before-audio"),
                        audio_player(LabelState.master["url"], LabelState.master["wave"], title="After (master)",
                                     test_id="after-audio"),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
                data_testid="master-result",
            ),
            rx.fragment(),
        ),
        spacing="4",
        width="100%",
    )


def _studio_stage(stage: str, panel: rx.Component, hint: str) -> rx.Component:
    """A release / content / analytics panel, with a manual tick for when the work
    happened elsewhere."""
    return rx.vstack(
        panel,
        rx.hstack(
            rx.cond(
                LabelState.done_stages.contains(stage),
                rx.badge(rx.icon("check", size=12), "Done", color_scheme="grass"),
                rx.button("Mark this stage done", variant="soft", size="1", on_click=LabelState.mark_done(stage),
                          data_testid=f"mark-done-{stage}"),
            ),
            rx.text(hint, size="1", color_scheme="gray"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        data_testid=f"studio-{stage}",
    )


def _stage_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(rx.match(LabelState.current_stage, *((k, v) for k, v in STAGE_LABELS.items()), "Beat"), size="5",
                           data_testid="open-stage"),
                rx.cond(LabelState.done_stages.contains(LabelState.current_stage),
                        rx.badge(rx.icon("check", size=12), "Done", color_scheme="grass"), rx.fragment()),
                align="center",
                spacing="2",
            ),
            rx.text(rx.match(LabelState.current_stage, *((k, v) for k, v in STAGE_INTROS.items()), ""), size="2",
                    color_scheme="gray"),
            rx.match(
                LabelState.current_stage,
                ("beat", _beat_panel()),
                ("lyrics", _lyrics_panel()),
                ("upload", _upload_panel()),
                ("mix", _mix_panel()),
                ("release", _studio_stage("release", release_pack_panel(), "Building the release pack ticks this stage.")),
                ("content", _studio_stage("content", content_studio_panel(), "A content pack ticks this stage.")),
                ("analytics", _studio_stage("analytics", label_analytics_panel(), "Tick it once you have looked back.")),
                _beat_panel(),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _cycle_complete() -> rx.Component:
    return rx.cond(
        LabelState.cycle_complete,
        rx.callout(
            rx.hstack(
                rx.text("Cycle complete! Every stage of ", rx.text.strong(LabelState.project_name), " is done."),
                rx.button("Start the next cycle", size="1", variant="soft", on_click=LabelState.new_cycle),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            icon="party-popper",
            color_scheme="grass",
            size="2",
            width="100%",
            data_testid="cycle-complete",
        ),
        rx.fragment(),
    )


def _workspace() -> rx.Component:
    return rx.vstack(
        _project_header(),
        timeline([(s, STAGE_LABELS[s]) for s in STAGES], LabelState.done_stages, LabelState.current_stage,
                 LabelState.progress, LabelState.open),
        _cycle_complete(),
        _stage_panel(),
        spacing="4",
        width="100%",
        min_width="0",
    )


def _body() -> rx.Component:
    return rx.cond(
        ~LabelState.loaded,
        rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
        rx.cond(
            LabelState.projects.length() == 0,
            empty_state(
                "mic-vocal",
                "No projects yet",
                "A project takes one song from beat to lyrics, vocals and a mastered track, with release and content next. "
                "Start one and make a beat in seconds.",
                rx.button(rx.icon("plus", size=16), "New project", on_click=LabelState.new_project, data_testid="new-project"),
            ),
            rx.grid(
                rx.box(_project_list(), width="100%"),
                _workspace(),
                columns=rx.breakpoints(initial="1", md="240px 1fr"),
                spacing="4",
                width="100%",
                align_items="start",
            ),
        ),
    )


@rx.page(route="/label", title="Label · Simple Balance Music", on_load=[AuthState.require_login, LabelState.load])
def label_page() -> rx.Component:
    return shell(
        signed_in_only(
            rx.hstack(mode_badges("replicate", "openai"), rx.spacer(), _plan_line(), _cue_controls(),
                      width="100%", align="center", wrap="wrap", spacing="3"),
            _error(LabelState.error, "label-error"),
            _body(),
        ),
        title="Label",
    )
