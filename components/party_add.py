"""The party room's add card: search, "suggested next" and the host's playlists
(`state.party_pick`); shown to whoever the room lets add tracks."""

from __future__ import annotations

import reflex as rx

from components.party_common import PICK, R, can_add, cover


def _track_pick(track: rx.Var) -> rx.Component:
    return rx.hstack(
        cover(track.image, "36px"),
        rx.vstack(
            rx.text(track.title, size="2", weight="medium", trim="both", data_testid="pick-title"),
            rx.text(track.artists, " · ", track.duration, size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.button(rx.icon("plus", size=14), "Add", size="1", variant="soft", on_click=PICK.add_track(track.id), data_testid="add-track"),
        width="100%",
        align="center",
        spacing="3",
        data_testid="track-pick",
    )


def add_card() -> rx.Component:
    search = rx.vstack(
        rx.form(
            rx.hstack(
                # Uncontrolled inputs: an event per keystroke would fan out to every linked page.
                rx.input(name="query", placeholder="Search songs or artists", max_length=100, flex="1", data_testid="search-input"),
                rx.button(rx.icon("search", size=16), "Search", type="submit", data_testid="search-submit"),
                width="100%",
            ),
            on_submit=PICK.search,
            width="100%",
        ),
        rx.cond(
            PICK.search_results.length() > 0,
            rx.vstack(rx.foreach(PICK.search_results, _track_pick), width="100%", spacing="2", data_testid="search-results"),
            rx.cond(PICK.searched, rx.text("Nothing found: try another word or an artist's name.", size="2", color_scheme="gray"), rx.fragment()),
        ),
        width="100%",
        spacing="3",
        padding_top="12px",
    )
    playlists = rx.vstack(
        rx.cond(
            PICK.playlists.length() > 0,
            rx.select.root(
                rx.select.trigger(placeholder="Choose one of the host's playlists", width="100%"),
                rx.select.content(rx.foreach(PICK.playlists, lambda p: rx.select.item(p.label, value=p.id))),
                value=PICK.playlist_id,
                on_change=PICK.open_playlist,
            ),
            rx.text("The host has no playlists to pick from.", size="2", color_scheme="gray"),
        ),
        rx.vstack(rx.foreach(PICK.playlist_tracks, _track_pick), width="100%", spacing="2"),
        width="100%",
        spacing="3",
        padding_top="12px",
    )
    suggested = rx.vstack(
        rx.hstack(
            rx.text("Picked from the artists queued and played here.", size="2", color_scheme="gray"),
            rx.spacer(),
            rx.button(rx.icon("refresh-cw", size=14), "Refresh", size="1", variant="ghost", on_click=PICK.load_suggestions, data_testid="refresh-suggestions"),
            width="100%",
            align="center",
        ),
        rx.cond(
            PICK.suggestions.length() > 0,
            rx.vstack(rx.foreach(PICK.suggestions, _track_pick), width="100%", spacing="2", data_testid="suggestions"),
            rx.text("No suggestions yet: add a track and refresh.", size="2", color_scheme="gray"),
        ),
        width="100%",
        spacing="3",
        padding_top="12px",
    )
    return rx.cond(
        can_add,
        rx.card(
            rx.vstack(
                rx.heading("Add music", size="4"),
                rx.tabs.root(
                    rx.tabs.list(
                        rx.tabs.trigger("Search", value="search"),
                        rx.tabs.trigger("Suggested next", value="suggested", data_testid="tab-suggested"),
                        rx.tabs.trigger("Host's playlists", value="playlists", data_testid="tab-playlists"),
                    ),
                    rx.tabs.content(search, value="search"),
                    rx.tabs.content(suggested, value="suggested"),
                    rx.tabs.content(playlists, value="playlists"),
                    default_value="search",
                    width="100%",
                ),
                width="100%",
                spacing="2",
            ),
            width="100%",
        ),
        rx.cond(
            R.ended,
            rx.fragment(),
            rx.callout("In this room only the host and co-hosts (or signed-in people) can add tracks. You can still vote and chat.", icon="info", color_scheme="gray", width="100%"),
        ),
    )
