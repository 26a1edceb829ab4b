"""The party room's now-playing card: the track, its progress, skip votes, the host's player."""

from __future__ import annotations

import reflex as rx

from components.party_common import ME, NOW, R, cover, can_moderate, is_host
from components.party_sound import room_sound
from components.progress import clock_bar


def _progress() -> rx.Component:
    return clock_bar(
        started_ms=NOW.np_started_ms,
        duration_ms=NOW.np_duration_ms,
        paused=NOW.np_paused,
        position_ms=NOW.np_position_ms,
        testid="np-progress",
    )


def player_line() -> rx.Component:
    """Where the music plays, the same words for everyone: the demo clock, or the host's
    Spotify device and any trouble with it (with Retry for the host)."""
    trouble = NOW.player.retry
    return rx.cond(
        R.ended,
        rx.fragment(),
        rx.cond(
            trouble,
            rx.hstack(
                rx.callout(NOW.player.message, icon="circle-alert", color_scheme="amber", size="1", flex="1", data_testid="device-status"),
                rx.cond(
                    is_host,
                    rx.button(rx.icon("refresh-cw", size=14), "Retry", size="2", variant="soft", on_click=ME.retry_device, data_testid="device-retry"),
                    rx.fragment(),
                ),
                width="100%",
                align="center",
                spacing="2",
            ),
            rx.hstack(
                rx.cond(NOW.player.mode == "spotify", rx.icon("speaker", size=14), rx.icon("clock", size=14)),
                rx.text(NOW.player.message, size="1", data_testid="device-status"),
                color=rx.color("gray", 10),
                align="center",
                spacing="2",
            ),
        ),
    )


def now_playing() -> rx.Component:
    return rx.card(
        rx.cond(
            NOW.playing,
            rx.vstack(
                rx.hstack(
                    cover(NOW.np_image, "72px"),
                    rx.vstack(
                        rx.text("Now playing", size="1", color_scheme="gray", weight="medium"),
                        rx.heading(NOW.np_title, size="5", data_testid="np-title"),
                        rx.text(NOW.np_artists, size="2", color_scheme="gray"),
                        rx.text(
                            rx.cond(NOW.np_source == "fallback", "From the fallback playlist", "Added by " + NOW.np_added_by),
                            rx.cond(NOW.np_paused, " · paused", ""),
                            size="1",
                            color_scheme="gray",
                        ),
                        spacing="1",
                        min_width="0",
                    ),
                    spacing="4",
                    align="center",
                    width="100%",
                ),
                rx.hstack(_progress(), rx.text(NOW.np_duration, size="1", color_scheme="gray", data_testid="np-duration"), align="center", width="100%", spacing="3"),
                room_sound(src=NOW.np_clip, started_ms=NOW.np_started_ms, duration_ms=NOW.np_duration_ms,
                           paused=NOW.np_paused, position_ms=NOW.np_position_ms),
                rx.hstack(
                    rx.button(
                        rx.icon("skip-forward", size=16),
                        rx.cond(ME.skip_voted_seq == NOW.play_seq, "Withdraw skip vote", "Vote to skip"),
                        rx.badge(NOW.skip_votes.to(str) + " / " + NOW.skip_needed.to(str), variant="soft", data_testid="skip-count"),
                        variant=rx.cond(ME.skip_voted_seq == NOW.play_seq, "solid", "soft"),
                        on_click=ME.vote_skip,
                        disabled=R.ended,
                        data_testid="vote-skip",
                    ),
                    rx.cond(
                        NOW.np_open_url != "",
                        rx.link(rx.button(rx.icon("external-link", size=16), "Open in Spotify", variant="outline"),
                                href=NOW.np_open_url, is_external=True, data_testid="open-in-spotify"),
                        rx.fragment(),
                    ),
                    rx.cond(
                        can_moderate,
                        rx.hstack(
                            rx.cond(
                                NOW.np_paused,
                                rx.button(rx.icon("play", size=16), "Resume", variant="outline", on_click=ME.resume, data_testid="resume"),
                                rx.button(rx.icon("pause", size=16), "Pause", variant="outline", on_click=ME.pause, data_testid="pause"),
                            ),
                            rx.button(rx.icon("fast-forward", size=16), "Skip now", variant="outline", on_click=ME.skip_now, data_testid="skip-now"),
                            spacing="2",
                        ),
                        rx.fragment(),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.icon("disc-3", size=28, color=rx.color("gray", 9)),
                rx.vstack(
                    rx.text("Nothing is playing", weight="medium", data_testid="np-idle"),
                    rx.text("Add a track: the top of the queue starts playing at once.", size="2", color_scheme="gray"),
                    spacing="1",
                ),
                align="center",
                spacing="3",
            ),
        ),
        rx.box(player_line(), padding_top="12px", width="100%"),
        width="100%",
    )
