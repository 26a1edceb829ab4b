"""Events: search real concerts near a place or for the artists you follow, and see them
on a map with ticket links; save the interesting ones and add them to a calendar.

One module per section (`search_form`, `results`, `saved`, `card`), each bound to
its state (`state.events`: the search; `state.events_saved`: saved events,
watched places, "why go" notes).
"""

from __future__ import annotations

import reflex as rx

from app.pages.events.results import search_tab
from app.pages.events.saved import saved_tab
from components.badges import mode_badges
from components.layout import shell, signed_in_only
from state.auth import AuthState
from state.events import EventsState
from state.events_saved import EventsSavedState

S, SAVED = EventsState, EventsSavedState


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


@rx.page(route="/events", title="Events · Simple Balance Music", on_load=[AuthState.require_login, EventsState.load, EventsSavedState.load])
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
                                  rx.cond(SAVED.saved.length() > 0, rx.badge(SAVED.saved.length(), size="1", variant="solid"), rx.fragment()),
                                  align="center", spacing="2"),
                        value="saved",
                        data_testid="tab-saved",
                    ),
                ),
                rx.tabs.content(search_tab(), value="search", padding_top="16px"),
                rx.tabs.content(saved_tab(), value="saved", padding_top="16px"),
                value=S.tab,
                on_change=S.set_tab,
                width="100%",
            ),
        ),
        title="Events",
    )
