"""The library card on the dashboard: top artists, recently played and playlists, with artwork."""

from __future__ import annotations

import reflex as rx

from state.library import LibraryState


def _artist(artist: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.image(src=artist.image, alt=artist.name, width="64px", height="64px",
                 border_radius="50%", object_fit="cover"),
        rx.text(artist.name, size="1", weight="medium", text_align="center", trim="both",
                max_width="80px", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
        align="center",
        spacing="1",
        data_testid="library-artist",
    )


def _track(track: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.image(src=track.image, alt="", width="36px", height="36px", border_radius="4px"),
        rx.vstack(
            rx.text(track.name, size="2", weight="medium", white_space="nowrap", overflow="hidden", text_overflow="ellipsis", max_width="100%"),
            rx.text(track.artist, size="1", color_scheme="gray", white_space="nowrap", overflow="hidden", text_overflow="ellipsis", max_width="100%"),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.text(track.when, size="1", color_scheme="gray", white_space="nowrap"),
        width="100%",
        align="center",
        data_testid="library-recent",
    )


def _playlist(playlist: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.image(src=playlist.image, alt="", width="44px", height="44px", border_radius="4px"),
        rx.vstack(
            rx.text(playlist.name, size="2", weight="medium"),
            rx.text(playlist.count, size="1", color_scheme="gray"),
            spacing="1",
        ),
        align="center",
        data_testid="library-playlist",
    )


def _section(title: str, body: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(title, size="2", weight="bold", color_scheme="gray"), body, width="100%", spacing="2")


def library_panel() -> rx.Component:
    """Top artists, recent tracks and playlists of the active source (demo or Spotify)."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("library"),
                rx.heading("Your library", size="4"),
                rx.spacer(),
                rx.badge(LibraryState.source_label, color_scheme=rx.cond(LibraryState.is_demo, "amber", "green"),
                         variant="soft", data_testid="library-source"),
                align="center",
                width="100%",
            ),
            rx.cond(LibraryState.error != "", rx.callout(LibraryState.error, icon="triangle_alert",
                                                         color_scheme="red", size="1", width="100%")),
            rx.cond(
                LibraryState.loading & (LibraryState.artists.length() == 0),
                rx.center(rx.spinner(), width="100%", padding="4"),
                rx.vstack(
                    _section("Top artists this month",
                             rx.flex(rx.foreach(LibraryState.artists, _artist), wrap="wrap", gap="3")),
                    rx.grid(
                        _section("Recently played",
                                 rx.vstack(rx.foreach(LibraryState.recent, _track), width="100%", spacing="2")),
                        _section("Playlists",
                                 rx.vstack(rx.foreach(LibraryState.playlists, _playlist), width="100%", spacing="2")),
                        columns=rx.breakpoints(initial="1", md="2"),
                        gap="4",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="library-panel",
    )
