"""Worlds: saved worlds as a grid of covers, and the "New world" wizard (seeds, five
questions, build with progress, results with edits, save to Spotify or the demo library)."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from services.worlds.builder import HISTORY_RANGES, STEP_TITLES, STEPS
from state.auth import AuthState
from state.worlds import CADENCE_LABELS, QUESTIONS, WIZARD_STEPS, PlaylistCard, WorldsState

S = WorldsState


def _error() -> rx.Component:
    return rx.cond(
        S.error != "",
        rx.callout(S.error, icon="circle-alert", color_scheme="red", width="100%", data_testid="worlds-error"),
        rx.fragment(),
    )


# ----------------------------------------------------------------------------- saved worlds
def _world_card(w: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.image(src=w["cover"], width="100%", aspect_ratio="1", object_fit="cover", border_radius="8px", alt=w["name"]),
            rx.text(w["name"], weight="bold", size="3"),
            rx.text(w["playlists"], " playlists · ", w["tracks"], " tracks · refresh: ", w["cadence"], size="1", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
        on_click=S.open(w["id"]),
        cursor="pointer",
        data_testid="world-card",
        _hover={"box_shadow": f"0 0 0 2px {rx.color('accent', 7)}"},
    )


def _list_view() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(rx.icon("plus"), "New world", on_click=S.new_world, data_testid="new-world"),
            rx.cond(
                S.has_result | (S.step > 0),
                rx.button("Continue your draft", variant="soft", on_click=S.resume_wizard, data_testid="resume-wizard"),
                rx.fragment(),
            ),
            spacing="3",
        ),
        rx.cond(
            S.worlds.length() > 0,
            rx.grid(rx.foreach(S.worlds, _world_card), columns=rx.breakpoints(initial="2", sm="3", md="4"), spacing="4", width="100%"),
            empty_state(
                "globe",
                "No worlds yet",
                "Pick seed tracks, answer five questions, and get a named world of 3-5 themed playlists — "
                "scored, diversified, with covers, saved to Spotify and refreshed on your schedule.",
            ),
        ),
        width="100%",
        spacing="4",
    )


# ----------------------------------------------------------------------------- wizard
def _step_indicator() -> rx.Component:
    items = []
    for i, label in enumerate(WIZARD_STEPS):
        active = S.step == i
        done = S.step > i
        items.append(
            rx.hstack(
                rx.box(
                    rx.cond(done, rx.icon("check", size=14), rx.text(str(i + 1), size="1", weight="bold")),
                    width="26px", height="26px", border_radius="50%", display="flex", align_items="center", justify_content="center",
                    background=rx.cond(active | done, rx.color("accent", 9), rx.color("gray", 4)),
                    color=rx.cond(active | done, "white", rx.color("gray", 11)),
                ),
                rx.text(label, size="2", weight=rx.cond(active, "bold", "regular")),
                align="center",
                spacing="2",
            )
        )
        if i < len(WIZARD_STEPS) - 1:
            items.append(rx.separator(size="1", width="32px"))
    return rx.hstack(*items, align="center", spacing="3", wrap="wrap", data_testid="step-indicator")


def _seed_tile(t: rx.Var[dict[str, str]], action: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.image(src=t["image"], width="40px", height="40px", border_radius="4px", alt=""),
        rx.vstack(rx.text(t["name"], size="2", weight="medium", trim="both"), rx.text(t["artist"], size="1", color_scheme="gray"), spacing="0", flex="1", min_width="0"),
        action,
        align="center",
        width="100%",
        spacing="3",
    )


def _history_seeds() -> rx.Component:
    return rx.vstack(
        rx.text("Build from what you have been listening to.", size="2", color_scheme="gray"),
        rx.radio_group.root(
            rx.flex(*(rx.radio_group.item(label, value=key) for key, label in HISTORY_RANGES.items()), direction="column", gap="2"),
            value=S.history_range,
            on_change=S.set_history_range,
            data_testid="history-range",
        ),
        spacing="3",
    )


def _playlist_seeds() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder="Search your playlists", default_value=S.playlist_query, on_change=S.set_playlist_query, width="100%"),
        rx.cond(
            S.filtered_playlists.length() > 0,
            rx.grid(
                rx.foreach(
                    S.filtered_playlists,
                    lambda p: rx.card(
                        rx.hstack(
                            rx.checkbox(checked=S.chosen_playlist_ids.contains(p["id"]), on_change=lambda _v: S.toggle_playlist(p["id"])),
                            rx.image(src=p["image"], width="40px", height="40px", border_radius="4px", alt=""),
                            rx.vstack(rx.text(p["name"], size="2", weight="medium"), rx.text(p["count"], " tracks", size="1", color_scheme="gray"), spacing="0"),
                            align="center",
                            spacing="3",
                        ),
                        on_click=S.toggle_playlist(p["id"]),
                        cursor="pointer",
                        data_testid="seed-playlist",
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="2",
                width="100%",
            ),
            rx.text("No playlists match.", size="2", color_scheme="gray"),
        ),
        width="100%",
        spacing="3",
    )


def _track_seeds() -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(placeholder="Search the catalog: artist, title, genre", name="query", default_value=S.track_query, flex="1", data_testid="track-search"),
                rx.button(rx.icon("search"), "Search", type="submit", data_testid="track-search-go"),
                width="100%",
            ),
            on_submit=S.search_tracks,
            width="100%",
        ),
        rx.cond(
            S.chosen_tracks.length() > 0,
            rx.vstack(
                rx.text("Your seeds", weight="bold", size="2"),
                rx.foreach(
                    S.chosen_tracks,
                    lambda t: _seed_tile(t, rx.icon_button(rx.icon("x"), size="1", variant="ghost", on_click=S.remove_seed_track(t["id"]), aria_label="Remove seed")),
                ),
                width="100%",
                spacing="2",
                data_testid="chosen-tracks",
            ),
            rx.fragment(),
        ),
        rx.foreach(
            S.track_results,
            lambda t: _seed_tile(t, rx.button("Add", size="1", variant="soft", on_click=S.add_track(t), data_testid="add-seed")),
        ),
        width="100%",
        spacing="3",
    )


def _seeds_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Where should your world start?", size="4"),
        rx.segmented_control.root(
            rx.segmented_control.item("History", value="history"),
            rx.segmented_control.item("Playlists (1-5)", value="playlists"),
            rx.segmented_control.item("Tracks (3-10)", value="tracks"),
            value=S.seed_kind,
            on_change=S.set_seed_kind,
            data_testid="seed-kind",
        ),
        rx.badge(S.seed_count_label, variant="soft", data_testid="seed-count"),
        rx.match(S.seed_kind, ("playlists", _playlist_seeds()), ("tracks", _track_seeds()), _history_seeds()),
        width="100%",
        spacing="4",
    )


def _question(qid: str, title: str, options: tuple[str, ...]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, weight="bold"),
            rx.flex(
                *(
                    rx.button(
                        opt,
                        size="1",
                        radius="full",
                        variant=rx.cond(S.answers[qid].contains(opt), "solid", "outline"),
                        on_click=S.toggle_answer(qid, opt),
                        data_testid=f"opt-{qid}-{opt.replace(' ', '-')}",
                    )
                    for opt in options
                ),
                wrap="wrap",
                gap="2",
            ),
            rx.input(
                placeholder="Or in your own words…",
                default_value=S.free_text[qid],
                on_blur=lambda v: S.set_free_text(qid, v),
                max_length=300,
                width="100%",
                data_testid=f"text-{qid}",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _questions_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Five questions", size="4"),
        rx.text("Pick any options and add your own words. Answer at least one of the first four.", size="2", color_scheme="gray"),
        *(_question(q, t, o) for q, t, o in QUESTIONS),
        width="100%",
        spacing="3",
    )


def _progress() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.spinner(), rx.text("Building your world…", weight="bold"), align="center"),
            rx.progress(value=S.build_percent, width="100%"),
            *(
                rx.hstack(
                    rx.cond(
                        S.steps_done.contains(step),
                        rx.icon("circle-check", color=rx.color("green", 9), size=16),
                        rx.cond(S.build_step == step, rx.spinner(size="1"), rx.icon("circle", color=rx.color("gray", 7), size=16)),
                    ),
                    rx.text(STEP_TITLES[step], size="2", weight=rx.cond(S.build_step == step, "bold", "regular")),
                    rx.cond(S.build_step == step, rx.text(S.build_detail, size="1", color_scheme="gray"), rx.fragment()),
                    align="center",
                    spacing="2",
                )
                for step in STEPS
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="build-progress",
    )


def _track_row(t: rx.Var, p: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(t.image != "", rx.image(src=t.image, width="36px", height="36px", border_radius="4px", alt=""), rx.box(width="36px")),
        rx.vstack(
            rx.text(t.title, size="2", weight="medium", color=rx.color("gray", 12)),
            rx.text(t.artist, size="1", color_scheme="gray"),
            rx.text(t.why, size="1", color=rx.color("accent", 11), data_testid="why-track"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(t.preview != "", rx.el.audio(src=t.preview, controls=True, preload="none", style={"height": "28px", "width": "140px"}), rx.fragment()),
        rx.hover_card.root(
            rx.hover_card.trigger(rx.icon_button(rx.icon("info"), size="1", variant="ghost", aria_label="Why this track")),
            rx.hover_card.content(rx.text(rx.text.strong("Why this track: "), t.why, size="2"), rx.text("Score ", t.score, size="1", color_scheme="gray"), max_width="320px"),
        ),
        rx.icon_button(rx.icon("refresh-cw"), size="1", variant="ghost", on_click=S.replace_track(p, t.id), aria_label="Replace track", data_testid="replace-track", disabled=~S.editable),
        rx.icon_button(rx.icon("x"), size="1", variant="ghost", color_scheme="red", on_click=S.remove_track(p, t.id), aria_label="Remove track", data_testid="remove-track", disabled=~S.editable),
        align="center",
        width="100%",
        spacing="2",
        data_testid="result-track",
    )


def _playlist_card(pl: rx.Var[PlaylistCard], editable: bool = True) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.image(src=pl.cover, width="96px", height="96px", border_radius="8px", alt=pl.name, data_testid="playlist-cover"),
                rx.vstack(
                    rx.heading(pl.name, size="4", data_testid="playlist-name"),
                    rx.text(pl.description, size="2", color_scheme="gray"),
                    rx.text(pl.count, " tracks", size="1", data_testid="playlist-count"),
                    spacing="1",
                    flex="1",
                ),
                rx.button(rx.icon("shuffle"), "Regenerate", size="1", variant="soft", on_click=S.regenerate_playlist(pl.index), data_testid="regenerate", disabled=~S.editable)
                if editable else rx.fragment(),
                align="start",
                width="100%",
                spacing="3",
            ),
            rx.el.details(
                rx.el.summary(rx.text("Tracks", as_="span", size="2", weight="medium", color=rx.color("accent", 11)), cursor="pointer", padding_y="6px"),
                rx.vstack(
                    rx.foreach(pl.tracks, lambda t: _track_row(t, pl.index) if editable else _plain_row(t)),
                    spacing="2", width="100%", padding_top="6px",
                ),
                open=editable,
                width="100%",
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        data_testid="result-playlist",
    )


def _plain_row(t: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(t.title, size="2", weight="medium", color=rx.color("gray", 12)), rx.text(t.artist, size="1", color_scheme="gray"), spacing="0", flex="1"),
        rx.tooltip(rx.icon("info", size=14), content=t.why),
        width="100%",
        align="center",
    )


def _weights_panel() -> rx.Component:
    def slider(label: str, name: str, value: rx.Var) -> rx.Component:
        return rx.vstack(
            rx.hstack(rx.text(label, size="2"), rx.spacer(), rx.text(value, size="2", weight="bold"), width="100%"),
            rx.slider(value=[value * 100], min=0, max=100, step=5, on_change=lambda v: S.set_weight(name, v), width="100%"),
            width="100%",
            spacing="1",
        )

    return rx.cond(
        S.show_advanced,
        rx.card(
            rx.vstack(
                rx.text("Score weights (seed defaults 0.4 / 0.3 / 0.2 / 0.1). Build again to apply.", size="2", color_scheme="gray"),
                rx.grid(
                    slider("Meaning (semantic)", "semantic", S.w_semantic),
                    slider("Sound (feature match)", "feature", S.w_feature),
                    slider("Novelty", "novelty", S.w_novelty),
                    slider("Diversity", "diversity", S.w_diversity),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.hstack(
                    rx.button("Build again with these weights", size="2", on_click=S.build, disabled=S.building, data_testid="rebuild"),
                    rx.button("Reset", size="2", variant="ghost", on_click=S.reset_weights),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.fragment(),
    )


def _save_bar() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.button(
                rx.icon("save"),
                rx.cond(S.source_kind == "spotify", "Save to Spotify", "Save to library"),
                on_click=S.save,
                loading=S.saving,
                size="3",
                data_testid="save-world",
            ),
            rx.hstack(
                rx.text("Refresh", size="2"),
                rx.select.root(
                    rx.select.trigger(),
                    rx.select.content(*(rx.select.item(label, value=key) for key, label in CADENCE_LABELS.items())),
                    value=S.cadence,
                    on_change=S.set_cadence,
                    disabled=~S.refresh_allowed,
                ),
                rx.cond(S.refresh_allowed, rx.fragment(), rx.tooltip(rx.badge("Pro", variant="soft"), content="Scheduled refresh is part of Pro.")),
                align="center",
            ),
            rx.button(rx.icon("sliders-horizontal"), "Advanced weights", variant="ghost", on_click=S.toggle_advanced),
            spacing="4",
            wrap="wrap",
            align="center",
        ),
        rx.cond(
            S.save_message != "",
            rx.callout(S.save_message, icon=rx.cond(S.save_failed, "triangle-alert", "circle-check"),
                       color_scheme=rx.cond(S.save_failed, "red", "green"), margin_top="12px", data_testid="save-message"),
            rx.fragment(),
        ),
        width="100%",
    )


def _results() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(S.world_name, size="6", data_testid="world-name"),
                    rx.badge(S.composer_label, variant="outline", data_testid="composer-label"),
                    align="center",
                    wrap="wrap",
                ),
                rx.text(S.world_description),
                rx.text(S.candidates_note, size="1", color_scheme="gray"),
                rx.cond(S.features_note != "", rx.callout(S.features_note, icon="info", size="1"), rx.fragment()),
                spacing="2",
            ),
            width="100%",
        ),
        _save_bar(),
        _weights_panel(),
        rx.foreach(S.result_playlists, lambda pl: _playlist_card(pl)),
        width="100%",
        spacing="4",
    )


def _build_step() -> rx.Component:
    return rx.cond(
        S.building,
        _progress(),
        rx.cond(
            S.has_result,
            _results(),
            rx.card(
                rx.vstack(
                    rx.text("Ready to build your world from your seeds and answers."),
                    rx.button(rx.icon("sparkles"), "Build my world", on_click=S.build, data_testid="build-world"),
                    spacing="3",
                ),
                width="100%",
            ),
        ),
    )


def _wizard() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(rx.icon("arrow-left"), "All worlds", variant="ghost", on_click=S.show_list, data_testid="back-to-list"),
            rx.spacer(),
            rx.button("Discard draft", variant="ghost", color_scheme="gray", size="1", on_click=S.discard_wizard),
            width="100%",
        ),
        _step_indicator(),
        _error(),
        rx.match(S.step, (0, _seeds_step()), (1, _questions_step()), _build_step()),
        rx.hstack(
            rx.cond(S.step > 0, rx.button("Back", variant="soft", on_click=S.back_step, disabled=S.building, data_testid="wizard-back"), rx.fragment()),
            rx.spacer(),
            rx.cond(S.step < 2, rx.button("Next", rx.icon("arrow-right"), on_click=S.next_step, data_testid="wizard-next"), rx.fragment()),
            width="100%",
        ),
        width="100%",
        spacing="4",
        data_testid="wizard",
    )


# ----------------------------------------------------------------------------- one saved world
def _world_view() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("arrow-left"), "All worlds", variant="ghost", on_click=S.show_list),
        _error(),
        rx.cond(
            S.renaming,
            rx.form(
                rx.hstack(
                    rx.input(name="name", default_value=S.rename_value, max_length=80, data_testid="rename-input"),
                    rx.button("Save name", type="submit", data_testid="rename-save"),
                ),
                on_submit=S.rename,
            ),
            rx.hstack(
                rx.heading(S.open_name, size="6", data_testid="open-world-name"),
                rx.icon_button(rx.icon("pencil"), variant="ghost", on_click=S.start_rename, aria_label="Rename", data_testid="rename"),
                align="center",
            ),
        ),
        rx.text(S.open_description),
        rx.flex(
            rx.button(rx.icon("upload"), "Save again", on_click=S.resave_open, loading=S.saving, data_testid="resave"),
            rx.button(rx.icon("refresh-cw"), "Refresh now", variant="soft", on_click=S.refresh_open_now, loading=S.saving),
            rx.hstack(
                rx.text("Refresh", size="2"),
                rx.select.root(
                    rx.select.trigger(),
                    rx.select.content(*(rx.select.item(label, value=key) for key, label in CADENCE_LABELS.items())),
                    value=S.open_cadence,
                    on_change=S.set_open_cadence,
                ),
                align="center",
            ),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button(rx.icon("trash-2"), "Delete", color_scheme="red", variant="soft", data_testid="delete-world")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this world?"),
                    rx.alert_dialog.description("Its playlists here and its refresh history go. Playlists saved to Spotify stay there."),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Cancel", variant="soft")),
                        rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=S.delete_open, data_testid="confirm-delete")),
                        justify="end",
                        spacing="3",
                    ),
                ),
            ),
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        rx.text("Last refreshed: ", S.open_refreshed, size="1", color_scheme="gray"),
        rx.cond(
            S.history.length() > 0,
            rx.card(
                rx.vstack(
                    rx.text("Refresh history", weight="bold"),
                    rx.foreach(S.history, lambda h: rx.hstack(rx.text(h["when"], size="1", color_scheme="gray"), rx.text(h["text"], size="2"))),
                    spacing="1",
                ),
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.foreach(S.open_playlists, lambda pl: _playlist_card(pl, editable=False)),
        width="100%",
        spacing="4",
    )


@rx.page(route="/worlds", title="Worlds · Simple Balance Music", on_load=[AuthState.require_login, WorldsState.load])
def worlds_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges("spotify", "openai"),
            rx.cond(
                S.notice != "",
                rx.callout(S.notice, icon="bell", color_scheme="blue", width="100%", data_testid="worlds-notice"),
                rx.fragment(),
            ),
            rx.cond(
                S.loaded,
                rx.match(S.view, ("wizard", _wizard()), ("world", _world_view()), _list_view()),
                rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
            ),
        ),
        title="Worlds",
    )
