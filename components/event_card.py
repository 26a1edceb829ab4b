"""The event card (map popup and saved tab) and the compact row of the results list.

Both take the event as a Var (an `EventCard`, `services.events.cards`) plus the Vars and event
handlers they need; they know no service.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def _line(icon: str, *children: Any, testid: str | None = None) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=14, color=rx.color("gray", 10), flex_shrink="0", margin_top="3px"),
        rx.text(*children, size="2"),
        spacing="2",
        align="start",
        **({"data_testid": testid} if testid else {}),
    )


def _image(event: rx.Var, height: str) -> rx.Component:
    return rx.cond(
        event.image != "",
        rx.image(src=event.image, alt=event.name, width="100%", height=height, object_fit="cover",
                 border_radius="var(--radius-3)", loading="lazy"),
        rx.center(
            rx.icon("music-2", size=28, color=rx.color("accent", 9)),
            width="100%",
            height=height,
            border_radius="var(--radius-3)",
            background=f"linear-gradient(135deg, {rx.color('accent', 4)}, {rx.color('iris', 3)})",
        ),
    )


def _tickets(event: rx.Var) -> rx.Component:
    return rx.cond(
        event.tickets.length() > 0,
        rx.flex(
            rx.foreach(
                event.tickets,
                lambda t: rx.link(
                    rx.button(
                        rx.icon("ticket", size=14),
                        rx.text(t.label, " · ", t.source),
                        rx.cond(t.status != "", rx.text(f"({t.status})", color_scheme="gray"), rx.fragment()),
                        size="1",
                        variant="soft",
                    ),
                    href=t.url,
                    is_external=True,
                    data_testid="ticket-link",
                ),
            ),
            wrap="wrap",
            gap="2",
        ),
        rx.cond(
            event.demo,
            rx.text("Demo data: no real tickets. With a Ticketmaster or Bandsintown key, live events link to "
                    "their ticket pages.", size="1", color_scheme="gray", data_testid="demo-tickets-note"),
            rx.text("No ticket link from this source.", size="1", color_scheme="gray"),
        ),
    )


def event_card(
    event: rx.Var,
    *,
    saved: rx.Var[bool],
    on_toggle_saved: Any,
    blurb: rx.Var[str],
    blurb_busy: rx.Var[bool],
    on_why_go: Any,
    image_height: str = "96px",
    testid: str = "event-card",
) -> rx.Component:
    """Image, name, lineup, venue, local date and time, price, sources, tickets and the
    Interested / Add to calendar / Why go actions."""
    return rx.vstack(
        _image(event, image_height),
        rx.vstack(
            rx.hstack(
                rx.cond(event.mine, rx.badge(rx.icon("star", size=12), "Your artist", color_scheme="violet"), rx.fragment()),
                rx.cond(event.status != "", rx.badge(event.status, color_scheme="red"), rx.fragment()),
                rx.foreach(event.sources, lambda s: rx.badge(s, variant="outline", color_scheme="gray", data_testid="source-badge")),
                wrap="wrap",
                spacing="1",
            ),
            rx.text(event.name, weight="bold", size="3", line_height="1.3", data_testid="card-name"),
            rx.cond(
                event.lineup.length() > 1,
                rx.text(rx.text.span("Lineup: ", color_scheme="gray"), event.lineup.join(", "), size="2"),
                rx.fragment(),
            ),
            spacing="1",
            width="100%",
        ),
        _line(
            "calendar-days",
            rx.text.strong(event.date),
            rx.cond(event.time != "", rx.text.span(" · ", event.time, " ", event.zone), rx.fragment()),
            rx.text.span(" venue time", color_scheme="gray", size="1"),
            testid="card-when",
        ),
        _line(
            "map-pin",
            event.venue,
            rx.cond(event.city != "", rx.text.span(", ", event.city), rx.fragment()),
            rx.cond(event.distance != "", rx.text.span(" · ", event.distance, " away", color_scheme="gray"), rx.fragment()),
        ),
        rx.cond(event.price != "", _line("banknote", event.price, testid="card-price"), rx.fragment()),
        _tickets(event),
        rx.cond(
            blurb != "",
            rx.callout(blurb, icon="sparkles", size="1", color_scheme="iris", width="100%", data_testid="why-go-text"),
            rx.fragment(),
        ),
        rx.flex(
            rx.button(
                rx.icon("heart", size=14, fill=rx.cond(saved, "currentColor", "none")),
                rx.cond(saved, "Interested", "Interested?"),
                size="1",
                variant=rx.cond(saved, "solid", "outline"),
                color_scheme="crimson",
                on_click=on_toggle_saved,
                aria_pressed=saved,
                data_testid="interested",
            ),
            rx.link(  # reload_document: the browser fetches the file itself (no client-side routing)
                rx.button(rx.icon("calendar-plus", size=14), "Add to calendar", size="1", variant="outline", tab_index=-1),
                href=event.ics_url,
                download="",
                reload_document=True,
                data_testid="add-to-calendar",
            ),
            rx.cond(
                blurb == "",
                rx.button(rx.icon("sparkles", size=14), "Why go?", size="1", variant="ghost", loading=blurb_busy,
                          on_click=on_why_go, data_testid="why-go"),
                rx.fragment(),
            ),
            wrap="wrap",
            gap="2",
            align="center",
        ),
        spacing="2",
        width="100%",
        align="start",
        # Leaflet's popup stylesheet gives every <p> a 1.3em margin.
        style={"& p": {"margin": "0 !important"}},
        data_testid=testid,
    )


def event_row(event: rx.Var, *, selected: rx.Var[bool], saved: rx.Var[bool], on_click: Any) -> rx.Component:
    """One line of the results list: date block, name, venue and distance. It is a
    focusable `role="button"`: Enter or Space clicks it (`components/a11y_bridge.js`)."""
    return rx.hstack(
        rx.vstack(
            rx.text(event.day, size="5", weight="bold", line_height="1"),
            rx.text(event.month, size="1", color_scheme="gray", text_transform="uppercase"),
            align="center",
            spacing="0",
            min_width="40px",
            padding_y="2px",
            border_radius="var(--radius-2)",
            background=rx.color("accent", 3),
        ),
        rx.vstack(
            rx.text(event.name, weight="medium", size="2", line_height="1.3", data_testid="row-name"),
            rx.text(
                event.venue,
                rx.cond(event.city != "", rx.text.span(", ", event.city), rx.fragment()),
                rx.cond(event.time != "", rx.text.span(" · ", event.time), rx.fragment()),
                rx.cond(event.distance != "", rx.text.span(" · ", event.distance), rx.fragment()),
                size="1",
                color_scheme="gray",
            ),
            rx.hstack(
                rx.cond(event.mine, rx.badge("Your artist", color_scheme="violet", size="1"), rx.fragment()),
                rx.cond(event.price != "", rx.badge(event.price, variant="soft", color_scheme="gray", size="1"), rx.fragment()),
                rx.cond(event.status != "", rx.badge(event.status, color_scheme="red", size="1"), rx.fragment()),
                rx.cond(event.located, rx.fragment(), rx.badge("Not on the map: no venue position", color_scheme="gray",
                                                               variant="outline", size="1", data_testid="not-mapped")),
                spacing="1",
                wrap="wrap",
            ),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.cond(saved, rx.icon("heart", size=14, color=rx.color("crimson", 9), fill="currentColor"), rx.fragment()),
        id="event-row-" + event.id,
        width="100%",
        padding="8px",
        spacing="3",
        align="start",
        cursor="pointer",
        border_radius="var(--radius-3)",
        border=rx.cond(selected, f"1px solid {rx.color('accent', 8)}", "1px solid transparent"),
        background=rx.cond(selected, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        on_click=on_click,
        role="button",
        tab_index=0,
        aria_current=rx.cond(selected, "true", "false"),  # aria-selected is not allowed on a button
        data_testid="event-row",
        data_selected=rx.cond(selected, "true", "false"),
    )
