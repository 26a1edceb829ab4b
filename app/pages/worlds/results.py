"""The wizard's last step: the build's progress, then the world with its playlists, edits and saving."""

from __future__ import annotations

import reflex as rx

from components.world_cards import notes_callout, playlist_card, signals_card
from services.worlds.builder import STEP_TITLES, STEPS
from services.worlds.views import CADENCE_LABELS
from state.worlds import BuildState as B


def progress() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.spinner(), rx.text("Building your world…", weight="bold"), align="center"),
            rx.progress(value=B.build_percent, width="100%", aria_label="Building your world"),
            *(
                rx.hstack(
                    rx.cond(B.steps_done.contains(step), rx.icon("circle-check", color=rx.color("green", 9), size=16),
                            rx.cond(B.build_step == step, rx.spinner(size="1"),
                                    rx.icon("circle", color=rx.color("gray", 7), size=16))),
                    rx.text(STEP_TITLES[step], size="2", weight=rx.cond(B.build_step == step, "bold", "regular")),
                    rx.cond(B.build_step == step, rx.text(B.build_detail, size="1", color_scheme="gray"), rx.fragment()),
                    align="center", spacing="2",
                )
                for step in STEPS
            ),
            spacing="2", width="100%",
        ),
        width="100%", data_testid="build-progress",
    )


def row_actions(t: rx.Var, p: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("refresh-cw"), size="1", variant="ghost", on_click=B.replace_track(p, t.id),
                       aria_label="Replace track", data_testid="replace-track", disabled=~B.editable),
        rx.icon_button(rx.icon("x"), size="1", variant="ghost", color_scheme="red", on_click=B.remove_track(p, t.id),
                       aria_label="Remove track", data_testid="remove-track", disabled=~B.editable),
        spacing="1",
    )


def weights_panel() -> rx.Component:
    def slider(label: str, name: str, value: rx.Var) -> rx.Component:
        return rx.vstack(
            rx.hstack(rx.text(label, size="2"), rx.spacer(), rx.text(value, size="2", weight="bold"), width="100%"),
            rx.slider(value=[value * 100], min=0, max=100, step=5, on_change=lambda v: B.set_weight(name, v), width="100%"),
            width="100%", spacing="1",
        )

    return rx.cond(
        B.show_advanced,
        rx.card(rx.vstack(
            rx.text("How much each part counts (defaults 0.4 / 0.3 / 0.2 / 0.1). Build again to apply.", size="2",
                    color_scheme="gray"),
            rx.grid(slider("Close in meaning", "semantic", B.w_semantic), slider("Close in sound", "feature", B.w_feature),
                    slider("New to you", "novelty", B.w_novelty), slider("Off the beaten track", "diversity", B.w_diversity),
                    columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%"),
            rx.hstack(rx.button("Build again with these weights", size="2", on_click=B.build, disabled=B.building,
                                data_testid="rebuild"),
                      rx.button("Reset", size="2", variant="ghost", on_click=B.reset_weights)),
            spacing="3", width="100%",
        ), width="100%"),
        rx.fragment(),
    )


def save_bar() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.button(rx.icon("save"), rx.cond(B.source_kind == "spotify", "Save to Spotify", "Save to library"),
                      on_click=B.save, loading=B.saving, size="3", data_testid="save-world"),
            rx.hstack(
                rx.text("Scheduled refresh", size="2"),
                rx.select.root(rx.select.trigger(),
                               rx.select.content(*(rx.select.item(label, value=key) for key, label in CADENCE_LABELS.items())),
                               value=B.cadence, on_change=B.set_cadence, disabled=~B.refresh_allowed),
                rx.cond(B.refresh_allowed, rx.fragment(), rx.badge("Pro", variant="soft")),
                align="center",
            ),
            rx.button(rx.icon("sliders-horizontal"), "Advanced weights", variant="ghost", on_click=B.toggle_advanced),
            spacing="4", wrap="wrap", align="center",
        ),
        rx.text(B.limits, size="1", color_scheme="gray", margin_top="8px", data_testid="save-limits"),
        rx.cond(B.save_message != "",
                rx.callout(B.save_message, icon=rx.cond(B.save_failed, "triangle-alert", "circle-check"),
                           color_scheme=rx.cond(B.save_failed, "red", "green"), margin_top="12px",
                           data_testid="save-message"),
                rx.fragment()),
        width="100%",
    )


def results() -> rx.Component:
    return rx.vstack(
        rx.card(rx.vstack(
            rx.hstack(rx.heading(B.world_name, size="6", data_testid="world-name"),
                      rx.badge(B.composer_label, variant="outline", data_testid="composer-label"),
                      align="center", wrap="wrap"),
            rx.text(B.world_description, data_testid="world-description"),
            notes_callout(B.notes),
            signals_card(B.signals),
            rx.text(B.candidates_note, size="1", color_scheme="gray"),
            spacing="2",
        ), width="100%"),
        save_bar(),
        weights_panel(),
        rx.foreach(B.result_playlists, lambda pl: playlist_card(
            pl, header_action=rx.button(rx.icon("shuffle"), "Regenerate", size="1", variant="soft",
                                        on_click=B.regenerate_playlist(pl.index), data_testid="regenerate",
                                        disabled=~B.editable),
            row_actions=row_actions)),
        width="100%", spacing="4",
    )


def build_step() -> rx.Component:
    return rx.cond(
        B.building, progress(),
        rx.cond(B.has_result, results(), rx.card(rx.vstack(
            rx.text("Ready to build your world from your seeds and answers."),
            rx.button(rx.icon("sparkles"), "Build my world", on_click=B.build, data_testid="build-world"),
            spacing="3"), width="100%")),
    )
