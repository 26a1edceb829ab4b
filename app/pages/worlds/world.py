"""One saved world: its playlists to play, refresh now with the diff, history, rename, delete."""

from __future__ import annotations

import reflex as rx

from components.world_cards import diff_list, notes_callout, playlist_card, signals_card
from services.worlds.views import CADENCE_LABELS
from state.worlds import OpenWorldState as O
from state.worlds import WorldsState


def title_row() -> rx.Component:
    return rx.cond(
        O.renaming,
        rx.form(rx.hstack(rx.input(name="name", default_value=O.rename_value, max_length=80, data_testid="rename-input"),
                          rx.button("Save name", type="submit", data_testid="rename-save")), on_submit=O.rename),
        rx.hstack(rx.heading(O.name, size="6", data_testid="open-world-name"),
                  rx.icon_button(rx.icon("pencil"), variant="ghost", on_click=O.start_rename, aria_label="Rename",
                                 data_testid="rename"), align="center"),
    )


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("trash-2"), "Delete", color_scheme="red", variant="soft",
                                          data_testid="delete-world")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this world?"),
            rx.alert_dialog.description("Its playlists here and its refresh history go."),
            rx.cond(O.exported > 0,
                    rx.el.label(rx.hstack(rx.checkbox(checked=O.unfollow_on_delete, on_change=O.set_unfollow,
                                                        data_testid="unfollow-on-delete"),
                                            rx.text("Also remove its ", O.exported, " saved playlists from ",
                                                    rx.cond(O.source_kind == "spotify", "Spotify", "your library")),
                                            spacing="2", align="center"), style={"margin": "12px 0"}),
                    rx.fragment()),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft")),
                      rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=O.delete,
                                                       data_testid="confirm-delete")),
                      justify="end", spacing="3"),
        ),
    )


def actions() -> rx.Component:
    return rx.flex(
        rx.button(rx.icon("refresh-cw"), "Refresh now", on_click=O.refresh_now, loading=O.busy,
                  disabled=~O.can_refresh, data_testid="refresh-now"),
        rx.button(rx.icon("upload"), rx.cond(O.source_kind == "spotify", "Save to Spotify again", "Save again"),
                  variant="soft", on_click=O.resave, loading=O.busy, data_testid="resave"),
        rx.hstack(rx.text("Scheduled refresh", size="2"),
                  rx.select.root(rx.select.trigger(),
                                 rx.select.content(*(rx.select.item(label, value=key) for key, label in CADENCE_LABELS.items())),
                                 value=O.cadence, on_change=O.set_cadence, disabled=~O.scheduled_allowed),
                  rx.cond(O.scheduled_allowed, rx.fragment(), rx.badge("Pro", variant="soft")), align="center"),
        delete_dialog(),
        spacing="3", wrap="wrap", align="center",
    )


def refresh_panel() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(O.refresh_note, size="2", data_testid="refresh-note"),
        rx.text("Last refreshed: ", O.refreshed, size="1", color_scheme="gray"),
        rx.cond(O.last_diff.length() > 0,
                rx.vstack(rx.text("What the last refresh changed", weight="bold", size="2"), diff_list(O.last_diff),
                          width="100%", spacing="2"),
                rx.fragment()),
        rx.cond(O.history.length() > 0,
                rx.el.details(
                    rx.el.summary(rx.text("Refresh history", as_="span", size="2", weight="medium"), cursor="pointer"),
                    rx.vstack(rx.foreach(O.history, lambda h: rx.hstack(
                        rx.text(h.when, size="1", color_scheme="gray"), rx.text(h.text, size="2"), spacing="3")),
                        rx.text(O.history_note, size="1", color_scheme="gray"), spacing="1", padding_top="6px"),
                    data_testid="refresh-history"),
                rx.fragment()),
        spacing="2", width="100%",
    ), width="100%")


def world_view() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("arrow-left"), "All worlds", variant="ghost", on_click=WorldsState.show_list),
        title_row(),
        rx.text(O.description),
        rx.cond(O.message != "",
                rx.callout(O.message, icon=rx.cond(O.failed, "triangle-alert", "circle-check"),
                           color_scheme=rx.cond(O.failed, "red", "green"), width="100%", data_testid="world-message"),
                rx.fragment()),
        actions(),
        refresh_panel(),
        notes_callout(O.notes, "open-world-notes"),
        signals_card(O.signals),
        rx.foreach(O.playlists, lambda pl: playlist_card(pl, open_tracks=False)),
        width="100%", spacing="4",
    )
