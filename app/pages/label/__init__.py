"""Label: take a track from beat to lyrics, vocals, mix and master, then its release
pack, content and analytics, on one timeline. One module per section."""

from __future__ import annotations

import reflex as rx

from app.pages.label.beat import beat_panel
from app.pages.label.common import callout
from app.pages.label.lyrics import lyrics_panel
from app.pages.label.mix import mix_panel
from app.pages.label.projects import cue_controls, cycle_complete, plan_line, project_header, project_list, storage_meter
from app.pages.label.takes import takes_panel
from app.pages.label.versions import versions_panel
from components.badges import mode_badges
from components.content_studio import content_studio_panel
from components.empty_state import empty_state
from components.label_analytics import label_analytics_panel
from components.layout import shell, signed_in_only
from components.release_pack import release_pack_panel
from components.timeline import timeline
from services.label import STAGE_LABELS, STAGES
from state.auth import AuthState
from state.label import LabelState

STAGE_INTROS = {
    "beat": "A beat that follows the song: set its sections, or let it follow your chosen takes. Tempo and key are "
            "measured from the audio, and the generator's licence is recorded.",
    "lyrics": "Write from genre, mood and theme (the beat's tempo shapes the phrasing), refine, undo, or edit by hand.",
    "upload": "Upload your vocal takes, choose the one (or one per section) that goes into the mix, and line each up "
              "with the beat.",
    "mix": "Balance beat and vocals, shape the sound, then master to a streaming loudness target.",
    "release": "Release details and credits, cover art and the release pack with your master.",
    "content": "Post ideas, videos, captions and a posting schedule for the release.",
    "analytics": "How your projects are doing, stage by stage.",
}


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
                ("beat", rx.vstack(beat_panel(), versions_panel(), spacing="4", width="100%")),
                ("lyrics", lyrics_panel()),
                ("upload", takes_panel()),
                ("mix", rx.vstack(mix_panel(), versions_panel(), spacing="4", width="100%")),
                ("release", _studio_stage("release", release_pack_panel(), "Building the release pack ticks this stage.")),
                ("content", _studio_stage("content", content_studio_panel(), "A content pack ticks this stage.")),
                ("analytics", _studio_stage("analytics", label_analytics_panel(), "Tick it once you have looked back.")),
                beat_panel(),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _workspace() -> rx.Component:
    return rx.vstack(
        project_header(),
        timeline([(s, STAGE_LABELS[s]) for s in STAGES], LabelState.done_stages, LabelState.current_stage,
                 LabelState.progress, LabelState.open),
        cycle_complete(),
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
                rx.box(project_list(), width="100%"),
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
            rx.hstack(mode_badges("replicate", "beatoven", "openai"), rx.spacer(), plan_line(), storage_meter(),
                      cue_controls(), width="100%", align="center", wrap="wrap", spacing="3"),
            callout(LabelState.error, "label-error"),
            _body(),
        ),
        title="Label",
    )
