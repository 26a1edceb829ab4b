"""The events page's saved tab: watched places and saved concerts with their calendar file."""

from __future__ import annotations

import reflex as rx

from app.pages.events.card import bound_card
from components.empty_state import empty_state
from state.events import EventsState
from state.events_saved import EventsSavedState

S, SAVED = EventsState, EventsSavedState


def saved_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(
            SAVED.places.length() > 0,
            rx.card(
                rx.vstack(
                    rx.hstack(rx.icon("bell", size=16), rx.text("Places we watch for new concerts", weight="bold"),
                              align="center", spacing="2"),
                    rx.flex(
                        rx.foreach(
                            SAVED.places,
                            lambda p: rx.badge(
                                p.name, " · ", p.radius,
                                rx.icon("x", size=12, cursor="pointer", on_click=SAVED.remove_place(p.id),
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
            SAVED.saved.length() > 0,
            rx.vstack(
                rx.hstack(
                    rx.text(SAVED.saved.length(), " saved ", rx.cond(SAVED.saved.length() == 1, "concert", "concerts"), weight="medium"),
                    rx.spacer(),
                    rx.link(rx.button(rx.icon("calendar-plus", size=14), "Add all to calendar", size="2", variant="soft", tab_index=-1),
                            href="/api/events/saved.ics", download="", reload_document=True, data_testid="saved-ics"),
                    width="100%",
                    align="center",
                ),
                rx.grid(
                    rx.foreach(SAVED.saved, lambda ev: rx.card(bound_card(ev, in_popup=False), data_testid="saved-event")),
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
