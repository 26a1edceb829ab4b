"""The release page's side column: where "Add to playlist" adds, pinned favourites, the
blocklist and the scan history (with what failed and why)."""

from __future__ import annotations

import reflex as rx

from components.job_status import job_status_badge
from components.release_feed import option_select
from state.releases import Option, ReleasesState, ScanRun


def _artist_row(row: Option, action: str, on_click: rx.EventHandler, testid: str) -> rx.Component:
    return rx.hstack(
        rx.text(row.name, size="2", flex="1", min_width="0", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
        rx.button(action, size="1", variant="ghost", on_click=on_click, data_testid=testid),
        align="center",
        width="100%",
    )


def favourites_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("star", size=18, color=rx.color("amber", 9)), rx.heading("Favourite artists", size="3"), align="center", spacing="2"),
            rx.cond(
                ReleasesState.pinned.length() > 0,
                rx.vstack(
                    rx.foreach(ReleasesState.pinned, lambda a: _artist_row(a, "Unpin", ReleasesState.pin(a.id, a.name, False), "unpin-artist")),
                    spacing="1",
                    width="100%",
                    data_testid="pinned-list",
                ),
                rx.text("Pin an artist from a release's ⋯ menu: their releases lead each week.", size="2", color_scheme="gray"),
            ),
            rx.separator(size="4"),
            rx.hstack(rx.icon("ban", size=18, color=rx.color("red", 9)), rx.heading("Blocked artists", size="3"), align="center", spacing="2"),
            rx.cond(
                ReleasesState.blocked.length() > 0,
                rx.vstack(
                    rx.foreach(ReleasesState.blocked, lambda a: _artist_row(a, "Unblock", ReleasesState.block(a.id, a.name, False), "unblock-artist")),
                    spacing="1",
                    width="100%",
                    data_testid="blocked-list",
                ),
                rx.text("Blocked artists never show up in your feed, digests or scans.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _run(run: ScanRun) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            job_status_badge(run.status, size="1"),
            rx.text(run.trigger, size="1", weight="medium"),
            rx.tooltip(rx.text(run.when, size="1", color_scheme="gray"), content=run.started),
            rx.spacer(),
            rx.text(run.took, size="1", color_scheme="gray"),
            align="center",
            spacing="2",
            width="100%",
        ),
        rx.text(run.detail, size="1", color_scheme="gray"),
        rx.cond(run.problems != "", rx.text(run.problems, size="1", color="orange", data_testid="scan-run-problems")),
        spacing="1",
        width="100%",
        data_testid="scan-run",
    )


def playlist_card() -> rx.Component:
    """Where "Add to playlist" adds: one running playlist, or one of the person's own."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("list-music", size=18), rx.heading("Release playlist", size="3"), align="center", spacing="2"),
            rx.text("“Add to playlist” adds a release's tracks to ", rx.text.strong(ReleasesState.playlist, data_testid="release-playlist"),
                    " (tracks already there are skipped).", size="2", color_scheme="gray"),
            option_select(ReleasesState.playlist_options, ("New releases (one running playlist)", "running"),
                          ReleasesState.choose_playlist, "choose-playlist", size="2", placeholder="Change playlist…",
                          on_open_change=ReleasesState.load_playlists, width="100%", aria_label="Release playlist"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def scans_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("radar", size=18), rx.heading("Scans", size="3"), align="center", spacing="2"),
            rx.text("Followed artists are scanned every 3 hours and just after midnight (your time) on Fridays, "
                    "release day; an artist many people follow is read once for all.", size="2", color_scheme="gray"),
            rx.cond(
                ReleasesState.scanning,
                rx.vstack(
                    rx.hstack(rx.spinner(size="1"), rx.text("Scanning followed artists… new releases appear in the feed as they are saved.", size="2"), spacing="2", align="center"),
                    rx.progress(width="100%", duration="20s", aria_label="Working"),
                    spacing="2",
                    width="100%",
                    data_testid="scan-progress",
                ),
                rx.fragment(),
            ),
            rx.cond(
                ReleasesState.history.length() > 0,
                rx.vstack(rx.foreach(ReleasesState.history, _run), spacing="3", width="100%", data_testid="scan-history"),
                rx.text("No scheduled scan has run yet.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
