"""Events: search real concerts near a place or for the artists you follow, and see them
on a map with ticket links; save the interesting ones and add them to a calendar."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.event_card import event_card, event_row
from components.event_map import events_map
from components.layout import shell, signed_in_only
from state.auth import AuthState
from state.events import SORTS, EventsState

S = EventsState


def _card(ev: rx.Var, *, in_popup: bool) -> rx.Component:
    return event_card(
        ev,
        saved=S.saved_ids.contains(ev.id),
        on_toggle_saved=S.toggle_saved(ev.id),
        blurb=S.blurbs.get(ev.id, ""),
        blurb_busy=S.blurb_busy == ev.id,
        on_why_go=S.why_go(ev.id),
        image_height="88px" if in_popup else "140px",
        testid="popup-card" if in_popup else "saved-card",
    )


def _field(label: str, control: rx.Component, hint: rx.Component | None = None, **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color_scheme="gray"),
        control,
        hint or rx.fragment(),
        spacing="1",
        **props,
    )


def _search_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.flex(
                    rx.input(
                        rx.input.slot(rx.icon("search", size=16)),
                        placeholder="City, e.g. Berlin or Portland, Oregon",
                        value=S.place,
                        on_change=S.set_place,
                        name="place",
                        size="3",
                        flex="1",
                        min_width="220px",
                        color_scheme=rx.cond(S.error_field == "place", "red", "gray"),
                        aria_label="City",
                        data_testid="place-input",
                    ),
                    rx.button(
                        rx.icon("search", size=16), "Search", type="submit", size="3", loading=S.searching,
                        data_testid="search-button",
                    ),
                    rx.button(
                        rx.icon("locate-fixed", size=16), "Use my location", type="button", size="3", variant="soft",
                        on_click=S.locate, disabled=S.searching, data_testid="use-location",
                    ),
                    gap="2",
                    wrap="wrap",
                    width="100%",
                ),
                rx.flex(
                    _field(
                        "Radius",
                        rx.hstack(
                            rx.input(
                                value=S.radius, on_change=S.set_radius, name="radius", type="number", step="any", width="84px",
                                color_scheme=rx.cond(S.error_field == "radius", "red", "gray"),
                                aria_label="Radius", data_testid="radius-input",
                            ),
                            rx.segmented_control.root(
                                rx.segmented_control.item("km", value="km"),
                                rx.segmented_control.item("mi", value="mi"),
                                value=S.unit,
                                on_change=S.set_unit,
                                size="2",
                                data_testid="unit",
                            ),
                            spacing="2",
                        ),
                        rx.text(S.radius_hint, size="1", color_scheme="gray"),
                    ),
                    _field("From", rx.input(type="date", value=S.start_date, on_change=S.set_start_date, name="start_date",
                                            color_scheme=rx.cond(S.error_field == "start", "red", "gray"),
                                            aria_label="From date", data_testid="start-date")),
                    _field("To", rx.input(type="date", value=S.end_date, on_change=S.set_end_date, name="end_date",
                                          color_scheme=rx.cond(S.error_field == "end", "red", "gray"),
                                          aria_label="To date", data_testid="end-date")),
                    _field(
                        "Genre",
                        rx.select.root(
                            rx.select.trigger(min_width="150px", data_testid="genre-select"),
                            rx.select.content(
                                rx.select.item("Any genre", value="any"),
                                rx.foreach(S.genres, lambda g: rx.select.item(g, value=g)),
                            ),
                            value=S.genre,
                            on_change=S.set_genre,
                        ),
                    ),
                    _field(
                        "Sort",
                        rx.select.root(
                            rx.select.trigger(min_width="140px", data_testid="sort-select"),
                            rx.select.content(*(rx.select.item(label, value=key) for key, label in SORTS.items())),
                            value=S.sort,
                            on_change=S.set_sort,
                        ),
                    ),
                    _field(
                        "Only my artists",
                        rx.hstack(
                            rx.switch(checked=S.only_mine, on_change=S.set_only_mine, data_testid="only-mine"),
                            rx.text("followed, top, library", size="1", color_scheme="gray"),
                            align="center",
                            height="32px",
                        ),
                    ),
                    gap="4",
                    wrap="wrap",
                    align="start",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.search,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


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
                      on_click=S.save_place, data_testid="watch-place"),
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
                    lambda ev: event_row(ev, selected=S.selected_id == ev.id, saved=S.saved_ids.contains(ev.id),
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


def _search_tab() -> rx.Component:
    return rx.vstack(
        _search_form(),
        rx.cond(S.artists_note != "", rx.text(S.artists_note, size="1", color_scheme="gray"), rx.fragment()),
        _problems(),
        _summary(),
        rx.flex(
            rx.box(
                events_map(
                    S.results,
                    lambda ev: _card(ev, in_popup=True),
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


def _saved_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.places.length() > 0,
            rx.card(
                rx.vstack(
                    rx.hstack(rx.icon("bell", size=16), rx.text("Places we watch for new concerts", weight="bold"),
                              align="center", spacing="2"),
                    rx.flex(
                        rx.foreach(
                            S.places,
                            lambda p: rx.badge(
                                p["name"], " · ", p["radius"],
                                rx.icon("x", size=12, cursor="pointer", on_click=S.remove_place(p["id"]),
                                        aria_label="Stop watching"),
                                size="2", variant="soft", data_testid="watched-place",
                            ),
                        ),
                        gap="2",
                        wrap="wrap",
                    ),
                    rx.text("A daily check looks for new concerts near these places and for your artists; new ones appear on this page.",
                            size="1", color_scheme="gray"),
                    spacing="2",
                ),
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(
            S.saved.length() > 0,
            rx.vstack(
                rx.hstack(
                    rx.text(S.saved.length(), " saved ", rx.cond(S.saved.length() == 1, "concert", "concerts"), weight="medium"),
                    rx.spacer(),
                    rx.link(rx.button(rx.icon("calendar-plus", size=14), "Add all to calendar", size="2", variant="soft", tab_index=-1),
                            href="/api/events/saved.ics", download="", reload_document=True, data_testid="saved-ics"),
                    width="100%",
                    align="center",
                ),
                rx.grid(
                    rx.foreach(S.saved, lambda ev: rx.card(_card(ev, in_popup=False), data_testid="saved-event")),
                    columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                    gap="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            empty_state(
                "heart",
                "No saved concerts yet",
                "Press “Interested?” on a concert to keep it here with its tickets and a calendar file.",
                rx.button("Find concerts", on_click=S.set_tab("search")),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _news() -> rx.Component:
    return rx.cond(
        S.news != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("bell-ring")),
            rx.hstack(
                rx.callout.text(S.news, data_testid="events-news"),
                rx.spacer(),
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", on_click=S.dismiss_news, aria_label="Dismiss"),
                width="100%",
                align="center",
            ),
            color_scheme="green",
            width="100%",
        ),
        rx.fragment(),
    )


@rx.page(route="/events", title="Events · Simple Balance Music", on_load=[AuthState.require_login, EventsState.load])
def events_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges("ticketmaster", "bandsintown"),
            _news(),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger(rx.hstack(rx.icon("map", size=14), "Find concerts", align="center", spacing="2"),
                                    value="search", data_testid="tab-search"),
                    rx.tabs.trigger(
                        rx.hstack(rx.icon("heart", size=14), "Saved",
                                  rx.cond(S.saved.length() > 0, rx.badge(S.saved.length(), size="1", variant="solid"), rx.fragment()),
                                  align="center", spacing="2"),
                        value="saved",
                        data_testid="tab-saved",
                    ),
                ),
                rx.tabs.content(_search_tab(), value="search", padding_top="16px"),
                rx.tabs.content(_saved_tab(), value="saved", padding_top="16px"),
                value=S.tab,
                on_change=S.set_tab,
                width="100%",
            ),
        ),
        title="Events",
    )
