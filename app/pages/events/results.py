"""The events page's search tab: the form, what went wrong, the summary, the map and the list."""

from __future__ import annotations

import reflex as rx

from app.pages.events.card import bound_card
from app.pages.events.search_form import search_form
from components.event_card import event_row
from components.event_map import events_map
from state.events import EventsState
from state.events_saved import EventsSavedState

S, SAVED = EventsState, EventsSavedState


def _problems() -> rx.Component:
    return rx.fragment(
        rx.cond(
            S.error != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.vstack(
                    rx.callout.text(S.error, data_testid="events-error"),
                    rx.cond(
                        S.suggestions.length() > 0,
                        rx.flex(
                            rx.text("Try:", size="2"),
                            rx.foreach(
                                S.suggestions,
                                lambda s: rx.button(s, size="1", variant="soft", on_click=S.pick_suggestion(s),
                                                    data_testid="place-suggestion"),
                            ),
                            gap="2",
                            wrap="wrap",
                            align="center",
                        ),
                        rx.fragment(),
                    ),
                    spacing="2",
                ),
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.foreach(
            S.notices,
            lambda n: rx.callout(n, icon="info", color_scheme="amber", size="1", width="100%", data_testid="events-notice"),
        ),
    )


def _summary() -> rx.Component:
    return rx.flex(
        rx.cond(
            S.searching,
            rx.hstack(rx.spinner(size="2"), rx.text("Searching concerts near ", S.searching_for, "…", size="2"),
                      align="center", data_testid="searching"),
            rx.text(S.summary, size="2", weight="medium", data_testid="events-summary"),
        ),
        rx.spacer(),
        rx.cond(
            S.searched & (S.searched_place != ""),
            rx.button(rx.icon("bell-plus", size=14), "Tell me about new concerts here", size="1", variant="soft",
                      on_click=SAVED.save_place, data_testid="watch-place"),
            rx.fragment(),
        ),
        gap="2",
        wrap="wrap",
        align="center",
        width="100%",
    )


def _list() -> rx.Component:
    return rx.box(
        rx.cond(
            S.results.length() > 0,
            rx.vstack(
                rx.foreach(
                    S.results,
                    lambda ev: event_row(ev, selected=S.selected_id == ev.id, saved=SAVED.saved_ids.contains(ev.id),
                                         on_click=S.focus(ev.id)),
                ),
                spacing="1",
                width="100%",
            ),
            rx.center(
                rx.vstack(
                    rx.cond(S.searched, rx.icon("search-x", size=32, color=rx.color("accent", 9)), rx.icon("map-pinned", size=32, color=rx.color("accent", 9))),
                    rx.text(
                        rx.cond(S.searched, "No concerts match", "Concerts show up here"),
                        weight="bold",
                    ),
                    rx.text(
                        rx.cond(
                            S.searched,
                            rx.cond(S.only_mine,
                                    "None of your artists play here in these dates. Turn off “only my artists”, widen the radius or the dates.",
                                    "Widen the radius, move the dates or pick another genre."),
                            "Type a city and press Search, or use your location. Pick an event here to find it on the map.",
                        ),
                        size="2",
                        color_scheme="gray",
                        align="center",
                    ),
                    align="center",
                    spacing="2",
                    max_width="34ch",
                ),
                height="100%",
                padding="24px",
                data_testid="list-empty",
            ),
        ),
        flex=["none", "none", "2"],
        min_width="0",
        width="100%",
        height=["auto", "auto", "560px"],
        max_height=["420px", "420px", "560px"],
        overflow_y="auto",
        padding="4px",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-4)",
        custom_attrs={"data-scroll-list": "true"},
        data_testid="events-list",
    )


def search_tab() -> rx.Component:
    return rx.vstack(
        search_form(),
        rx.cond(S.artists_note != "", rx.text(S.artists_note, size="1", color_scheme="gray"), rx.fragment()),
        _problems(),
        _summary(),
        rx.flex(
            rx.box(
                events_map(
                    S.results,
                    lambda ev: bound_card(ev, in_popup=True),
                    tile_url=S.tile_url,
                    center_lat=S.center_lat,
                    center_lon=S.center_lon,
                    radius_km=S.radius_km,
                    view_seq=S.view_seq,
                    focus_id=S.selected_id,
                    focus_seq=S.focus_seq,
                    on_select=S.select,
                    height=["340px", "400px", "560px"],
                ),
                flex=["none", "none", "3"],
                width="100%",
                min_width="0",
            ),
            _list(),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="3",
            width="100%",
        ),
        rx.text(
            S.attribution, " · Map outlines: Natural Earth", rx.cond(S.tile_url != "", " · Tiles as credited on the map", ""),
            size="1", color_scheme="gray", data_testid="attribution",
        ),
        spacing="3",
        width="100%",
    )
