"""The events page's search form: place or location, radius, dates, genre, sort, my artists."""

from __future__ import annotations

import reflex as rx

from components.forms import labelled, select
from state.events import SORTS, EventsState

S = EventsState


def _date_field(label: str, value: rx.Var, on_change: rx.EventHandler, which: str) -> rx.Component:
    """The first (`which` = "start") or last ("end") day to search."""
    return labelled(
        label,
        rx.input(type="date", value=value, on_change=on_change, name=f"{which}_date",
                 color_scheme=rx.cond(S.error_field == which, "red", "gray"),
                 aria_label=f"{label} date", data_testid=f"{which}-date"),
    )


def search_form() -> rx.Component:
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
                    rx.button(
                        rx.icon("route", size=16), "My artists on tour", type="button", size="3", variant="outline",
                        on_click=S.search_tour, disabled=S.searching, data_testid="tour-button",
                    ),
                    gap="2",
                    wrap="wrap",
                    width="100%",
                ),
                rx.flex(
                    labelled(
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
                                aria_label="Radius unit",
                                data_testid="unit",
                            ),
                            spacing="2",
                        ),
                        hint=rx.text(S.radius_hint, size="1", color_scheme="gray"),
                    ),
                    _date_field("From", S.start_date, S.set_start_date, "start"),
                    _date_field("To", S.end_date, S.set_end_date, "end"),
                    labelled(
                        "Genre",
                        select(
                            [("any", "Any genre")],
                            rx.foreach(S.genres, lambda g: rx.select.item(g, value=g)),
                            testid="genre-select",
                            label="Genre",
                            trigger={"width": None, "min_width": "150px"},
                            value=S.genre,
                            on_change=S.set_genre,
                        ),
                    ),
                    labelled(
                        "Sort",
                        select(
                            list(SORTS.items()),
                            testid="sort-select",
                            label="Sort",
                            trigger={"width": None, "min_width": "140px"},
                            value=S.sort,
                            on_change=S.set_sort,
                        ),
                    ),
                    labelled(
                        "Only my artists",
                        rx.hstack(
                            rx.switch(checked=S.only_mine, on_change=S.set_only_mine, aria_label="Only my artists",
                                      data_testid="only-mine"),
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
