"""The wizard: step indicator, seeds (history, playlists, tracks) and the five questions."""

from __future__ import annotations

import reflex as rx

from app.pages.worlds.results import build_step
from services.worlds.questions import QUESTIONS, Question
from services.worlds.seeds import HISTORY_RANGES
from state.worlds import BuildState, WizardState, WorldsState

W = WizardState
WIZARD_STEPS = ("Seeds", "Questions", "Build")


def error_callout() -> rx.Component:
    return rx.cond(
        W.error != "",
        rx.callout(W.error, icon="circle-alert", color_scheme="red", width="100%", data_testid="worlds-error"),
        rx.cond(BuildState.error != "",
                rx.callout(BuildState.error, icon="circle-alert", color_scheme="red", width="100%",
                           data_testid="worlds-error"),
                rx.fragment()),
    )


def step_indicator() -> rx.Component:
    items = []
    for i, label in enumerate(WIZARD_STEPS):
        active, done = W.step == i, W.step > i
        items.append(rx.hstack(
            rx.box(rx.cond(done, rx.icon("check", size=14), rx.text(str(i + 1), size="1", weight="bold")),
                   width="26px", height="26px", border_radius="50%", display="flex", align_items="center",
                   justify_content="center", background=rx.cond(active | done, rx.color("accent", 9), rx.color("gray", 4)),
                   color=rx.cond(active | done, "white", rx.color("gray", 11))),
            rx.text(label, size="2", weight=rx.cond(active, "bold", "regular")),
            align="center", spacing="2",
        ))
        if i < len(WIZARD_STEPS) - 1:
            items.append(rx.separator(size="1", width="32px"))
    return rx.hstack(*items, align="center", spacing="3", wrap="wrap", data_testid="step-indicator")


def seed_tile(t: rx.Var, action: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.image(src=t["image"], width="40px", height="40px", border_radius="4px", alt=""),
        rx.vstack(rx.text(t["name"], size="2", weight="medium", trim="both"),
                  rx.text(t["artist"], size="1", color_scheme="gray"), spacing="0", flex="1", min_width="0"),
        action, align="center", width="100%", spacing="3",
    )


def history_seeds() -> rx.Component:
    return rx.vstack(
        rx.text("Build from what you have been listening to.", size="2", color_scheme="gray"),
        rx.radio_group.root(
            rx.flex(*(rx.radio_group.item(label, value=key) for key, label in HISTORY_RANGES.items()),
                    direction="column", gap="2"),
            value=W.history_range, on_change=W.set_history_range, data_testid="history-range",
        ),
        spacing="3",
    )


def playlist_tile(p: rx.Var) -> rx.Component:
    # The card takes the click; the checkbox only shows the choice (a click on it would toggle twice).
    return rx.card(
        rx.hstack(
            rx.checkbox(checked=W.chosen_playlist_ids.contains(p["id"]), pointer_events="none", tab_index=-1),
            rx.image(src=p["image"], width="40px", height="40px", border_radius="4px", alt=""),
            rx.vstack(rx.text(p["name"], size="2", weight="medium"),
                      rx.text(p["count"], " tracks", size="1", color_scheme="gray"), spacing="0"),
            align="center", spacing="3",
        ),
        on_click=W.toggle_playlist(p["id"]), cursor="pointer", data_testid="seed-playlist",
    )


def playlist_seeds() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder="Search your playlists", default_value=W.playlist_query, on_change=W.set_playlist_query,
                 width="100%"),
        rx.cond(W.filtered_playlists.length() > 0,
                rx.grid(rx.foreach(W.filtered_playlists, playlist_tile), columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="2", width="100%"),
                rx.text("No playlists match.", size="2", color_scheme="gray")),
        width="100%", spacing="3",
    )


def track_seeds() -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(placeholder="Search the catalog: artist, title, genre", name="query",
                         default_value=W.track_query, flex="1", data_testid="track-search"),
                rx.button(rx.icon("search"), "Search", type="submit", data_testid="track-search-go"),
                width="100%",
            ),
            on_submit=W.search_tracks, width="100%",
        ),
        rx.cond(W.chosen_tracks.length() > 0,
                rx.vstack(rx.text("Your seeds", weight="bold", size="2"),
                          rx.foreach(W.chosen_tracks, lambda t: seed_tile(t, rx.icon_button(
                              rx.icon("x"), size="1", variant="ghost", on_click=W.remove_seed_track(t["id"]),
                              aria_label="Remove seed"))),
                          width="100%", spacing="2", data_testid="chosen-tracks"),
                rx.fragment()),
        rx.foreach(W.track_results, lambda t: seed_tile(t, rx.button("Add", size="1", variant="soft",
                                                                     on_click=W.add_track(t), data_testid="add-seed"))),
        width="100%", spacing="3",
    )


def seeds_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Where should your world start?", size="4"),
        rx.segmented_control.root(
            rx.segmented_control.item("History", value="history"),
            rx.segmented_control.item("Playlists (1-5)", value="playlists"),
            rx.segmented_control.item("Tracks (3-10)", value="tracks"),
            value=W.seed_kind, on_change=W.set_seed_kind, data_testid="seed-kind",
        ),
        rx.badge(W.seed_count_label, variant="soft", data_testid="seed-count"),
        rx.match(W.seed_kind, ("playlists", playlist_seeds()), ("tracks", track_seeds()), history_seeds()),
        width="100%", spacing="4",
    )


def question(q: Question) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(q.title, weight="bold"),
            rx.flex(
                *(rx.button(opt, size="1", radius="full",
                            variant=rx.cond(W.answers[q.id].contains(opt), "solid", "outline"),
                            on_click=W.toggle_answer(q.id, opt), data_testid=f"opt-{q.id}-{opt.replace(' ', '-')}")
                  for opt in q.options),
                wrap="wrap", gap="2",
            ),
            rx.input(placeholder=q.placeholder, default_value=W.free_text[q.id],
                     on_blur=lambda v: W.set_free_text(q.id, v), max_length=300, width="100%",
                     data_testid=f"text-{q.id}"),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def questions_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Five questions", size="4"),
        rx.text("Pick options or write your own words. Answer at least one of the first four; what you avoid is "
                "left out for sure.", size="2", color_scheme="gray"),
        *(question(q) for q in QUESTIONS),
        width="100%", spacing="3",
    )


def wizard() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(rx.icon("arrow-left"), "All worlds", variant="ghost", on_click=WorldsState.show_list,
                      data_testid="back-to-list"),
            rx.spacer(),
            rx.button("Discard draft", variant="ghost", color_scheme="gray", size="1", on_click=WorldsState.discard_wizard),
            width="100%",
        ),
        step_indicator(),
        error_callout(),
        rx.match(W.step, (0, seeds_step()), (1, questions_step()), build_step()),
        rx.hstack(
            rx.cond(W.step > 0, rx.button("Back", variant="soft", on_click=W.back_step, disabled=BuildState.building,
                                          data_testid="wizard-back"), rx.fragment()),
            rx.spacer(),
            rx.cond(W.step < 2, rx.button("Next", rx.icon("arrow-right"), on_click=W.next_step,
                                          data_testid="wizard-next"), rx.fragment()),
            width="100%",
        ),
        width="100%", spacing="4", data_testid="wizard",
    )
