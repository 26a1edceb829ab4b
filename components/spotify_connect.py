"""The Spotify card: who is connected, reconnect when Spotify ended access, Connect / Disconnect."""

from __future__ import annotations

import reflex as rx

from state.spotify import SpotifyState


def _status_badge() -> rx.Component:
    return rx.cond(
        SpotifyState.connected,
        rx.badge(rx.icon("circle-check", size=14), "Connected as ", SpotifyState.display_name,
                 color_scheme="green", variant="soft", data_testid="spotify-status"),
        rx.cond(
            SpotifyState.status == "reconnect_needed",
            rx.badge(rx.icon("triangle-alert", size=14), "Reconnect needed", color_scheme="orange",
                     variant="soft", data_testid="spotify-status"),
            rx.badge("Not connected", color_scheme="gray", variant="soft", data_testid="spotify-status"),
        ),
    )


def _message() -> rx.Component:
    return rx.cond(
        SpotifyState.message != "",
        rx.callout(
            SpotifyState.message,
            icon=rx.cond(SpotifyState.message_ok, "info", "triangle-alert"),
            color_scheme=rx.cond(SpotifyState.message_ok, "green", "red"),
            size="1",
            width="100%",
            data_testid="spotify-message",
        ),
    )


def _actions() -> rx.Component:
    return rx.cond(
        SpotifyState.configured,
        rx.hstack(
            rx.cond(
                SpotifyState.connected,
                rx.button("Disconnect Spotify", color_scheme="red", variant="soft",
                          on_click=SpotifyState.disconnect, data_testid="spotify-disconnect"),
                rx.button(
                    rx.cond(SpotifyState.status == "reconnect_needed", "Reconnect Spotify", "Connect Spotify"),
                    color_scheme="green", loading=SpotifyState.busy,
                    on_click=SpotifyState.connect, data_testid="spotify-connect",
                ),
            ),
            spacing="2",
        ),
        rx.text("Spotify keys are not set on this server, so pages use the built-in demo catalog.",
                size="2", color_scheme="gray"),
    )


def spotify_connect_card() -> rx.Component:
    """A self-loading card for the account page (or any page that needs Spotify)."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("music"), rx.heading("Spotify", size="4"), _status_badge(), align="center", spacing="2"),
            rx.text(
                "Your own library, playlists and playback, through your Spotify account. "
                "Disconnecting deletes everything this app fetched from Spotify for you.",
                size="2", color_scheme="gray",
            ),
            _message(),
            _actions(),
            spacing="3",
            width="100%",
        ),
        width="100%",
        on_mount=SpotifyState.load,
        data_testid="spotify-card",
    )
