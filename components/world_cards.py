"""Pieces of the worlds page: a world's card in the grid, a playlist card with its tracks (each
playable: the demo sound, or Spotify's own player and link), the notes and signals of a build,
and a refresh's diff. They read view-model vars (fields of `TrackRow`, `PlaylistCard`...)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

SPOTIFY_GREEN = "#1db954"


def notes_callout(notes: rx.Var, test_id: str = "world-notes") -> rx.Component:
    """What was done with the answers ("we relaxed …", "we followed …")."""
    return rx.cond(
        notes.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("info")),
            rx.vstack(rx.foreach(notes, lambda n: rx.text(n, size="2")), spacing="1"),
            color_scheme="amber", size="1", width="100%", data_testid=test_id,
        ),
        rx.fragment(),
    )


def signals_card(lines: rx.Var) -> rx.Component:
    """Which signals this world was matched on."""
    return rx.cond(
        lines.length() > 0,
        rx.el.details(
            rx.el.summary(rx.text("What this world was matched on", as_="span", size="2", weight="medium"),
                          cursor="pointer"),
            rx.vstack(rx.foreach(lines, lambda line: rx.text(line, size="1", color_scheme="gray")),
                      spacing="1", padding_top="6px"),
            data_testid="world-signals",
        ),
        rx.fragment(),
    )


def world_card(w: rx.Var, on_open: Callable[[rx.Var], rx.event.EventSpec]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.image(src=w.cover, width="100%", aspect_ratio="1", object_fit="cover", border_radius="8px", alt=w.name),
            rx.text(w.name, weight="bold", size="3"),
            rx.text(w.summary, size="1", color_scheme="gray"),
            spacing="2", width="100%",
        ),
        on_click=on_open(w.id), cursor="pointer", data_testid="world-card",
        _hover={"box_shadow": f"0 0 0 2px {rx.color('accent', 7)}"},
    )


def spotify_frame(src: rx.Var, height: str, test_id: str) -> rx.Component:
    return rx.el.iframe(src=src, width="100%", height=height, loading="lazy", border="0", border_radius="12px",
                        allow="autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture",
                        title="Spotify player", data_testid=test_id)


def play_control(t: rx.Var) -> rx.Component:
    """The demo catalog's demo sound, or Spotify's player and link for a Spotify track."""
    return rx.cond(
        t.demo_sound != "",
        rx.vstack(
            rx.el.audio(src=t.demo_sound, controls=True, preload="none", style={"height": "28px", "width": "170px"},
                        data_testid="demo-sound"),
            rx.text("demo sound, made from its tempo, key and mood", size="1", color_scheme="gray"),
            spacing="0", align="end",
        ),
        rx.cond(
            t.open_url != "",
            rx.el.details(
                rx.el.summary(rx.text("Play", as_="span", size="1", color=SPOTIFY_GREEN), cursor="pointer"),
                rx.box(spotify_frame(t.embed_url, "80px", "spotify-track-embed"), width="300px", padding_top="4px"),
                rx.link("Open in Spotify", href=t.open_url, is_external=True, size="1", data_testid="open-in-spotify"),
            ),
            rx.fragment(),
        ),
    )


def track_row(t: rx.Var, actions: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        rx.cond(t.image != "", rx.image(src=t.image, width="36px", height="36px", border_radius="4px", alt=""),
                rx.box(width="36px")),
        rx.vstack(
            rx.text(t.title, size="2", weight="medium", color=rx.color("gray", 12)),
            rx.text(t.artist, size="1", color_scheme="gray"),
            rx.text(t.why, size="1", color=rx.color("accent", 11), data_testid="why-track"),
            spacing="0", flex="1", min_width="0",
        ),
        play_control(t),
        actions or rx.fragment(),
        align="center", width="100%", spacing="2", data_testid="result-track",
    )


def playlist_card(pl: rx.Var, *, header_action: rx.Component | None = None,
                  row_actions: Callable[[rx.Var, rx.Var], rx.Component] | None = None,
                  open_tracks: bool = True) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.image(src=pl.cover, width="96px", height="96px", border_radius="8px", alt=pl.name,
                         data_testid="playlist-cover"),
                rx.vstack(
                    rx.heading(pl.name, size="4", data_testid="playlist-name"),
                    rx.hstack(
                        rx.cond(pl.family != "", rx.badge(pl.family, variant="soft"), rx.fragment()),
                        rx.text(pl.count, size="1", data_testid="playlist-count"),
                        align="center", spacing="2",
                    ),
                    rx.text(pl.description, size="2", color_scheme="gray", data_testid="playlist-description"),
                    rx.cond(pl.coherence != "", rx.text(pl.coherence, size="1", color_scheme="gray",
                                                        data_testid="playlist-coherence"), rx.fragment()),
                    rx.cond(pl.open_url != "", rx.link("Open in Spotify", href=pl.open_url, is_external=True, size="2",
                                                       data_testid="open-playlist-in-spotify"), rx.fragment()),
                    spacing="1", flex="1",
                ),
                header_action or rx.fragment(),
                align="start", width="100%", spacing="3",
            ),
            rx.cond(pl.embed_url != "", spotify_frame(pl.embed_url, "152px", "spotify-playlist-embed"), rx.fragment()),
            rx.el.details(
                rx.el.summary(rx.text("Tracks", as_="span", size="2", weight="medium", color=rx.color("accent", 11)),
                              cursor="pointer", padding_y="6px"),
                rx.vstack(
                    rx.foreach(pl.tracks, lambda t: track_row(t, row_actions(t, pl.index) if row_actions else None)),
                    spacing="2", width="100%", padding_top="6px",
                ),
                open=open_tracks, width="100%",
            ),
            width="100%", spacing="2",
        ),
        width="100%", data_testid="result-playlist",
    )


def diff_list(rows: rx.Var, test_id: str = "refresh-diff") -> rx.Component:
    """What a refresh changed, per playlist."""
    return rx.vstack(
        rx.foreach(rows, lambda d: rx.vstack(
            rx.hstack(rx.text(d.name, weight="bold", size="2"), rx.text(d.summary, size="2", data_testid="diff-summary"),
                      spacing="3", wrap="wrap"),
            rx.el.details(
                rx.el.summary(rx.text("Which tracks", as_="span", size="1", color_scheme="gray"), cursor="pointer"),
                rx.vstack(
                    rx.foreach(d.added, lambda t: rx.text("+ ", t, size="1", color=rx.color("green", 11))),
                    rx.foreach(d.removed, lambda t: rx.text("− ", t, size="1", color=rx.color("gray", 10))),
                    spacing="0",
                ),
            ),
            spacing="1", width="100%",
        )),
        spacing="2", width="100%", data_testid=test_id,
    )
