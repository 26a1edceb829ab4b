"""Party room: `/party` (host a room, join by code, my rooms) and `/party/[code]`
(the live room; open to guests without an account)."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.forms import form_error, labelled, select
from components.layout import shell
from components.party import join_view, room_view
from state.auth import AuthState
from state.party import PartyMeState
from state.party_lobby import NO_FALLBACK, PartyLobbyState

L = PartyLobbyState
ADD_POLICY_CHOICES = [("everyone", "Everyone"), ("signed_in", "Signed-in people"), ("hosts", "Only me and co-hosts")]
SKIP_CHOICES = [("0.34", "More than a third"), ("0.5", "More than half"), ("0.67", "Two thirds"), ("1.0", "Everyone")]


def _create_card() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Host a party", size="4"),
                rx.text("People join with a code, a link or a QR code; they vote tracks up or down and the top one plays next.", size="2", color_scheme="gray"),
                labelled(
                    "Name",
                    rx.input(id="name", name="name", placeholder="Friday night", max_length=80, width="100%", size="3", data_testid="room-name-input"),
                    html_for="name",
                    large=True,
                    width="100%",
                ),
                rx.grid(
                    labelled("Who may add tracks", select(ADD_POLICY_CHOICES, name="add_policy", default_value="everyone", label="Who may add tracks"), large=True),
                    labelled(
                        "Tracks waiting per person",
                        rx.input(name="queue_limit", type="number", min=0, max=100, default_value="5", width="100%",
                                 aria_label="Tracks waiting per person"),
                        large=True,
                    ),
                    labelled("Skip needs votes from", select(SKIP_CHOICES, name="skip_threshold", default_value="0.5", label="Skip needs votes from"), large=True),
                    labelled(
                        "Seconds between two adds per person",
                        rx.input(name="add_cooldown_s", type="number", min=0, max=3600, default_value="0", width="100%",
                                 aria_label="Seconds between two adds per person"),
                        large=True,
                    ),
                    labelled(
                        "Passcode for newcomers (optional)",
                        rx.input(name="passcode", max_length=20, placeholder="none", width="100%", data_testid="create-passcode"),
                        large=True,
                    ),
                    labelled(
                        "When the queue runs dry, play",
                        select(
                            [(NO_FALLBACK, "Nothing (wait for votes)")],
                            rx.foreach(L.playlists, lambda p: rx.select.item(p.name, value=p.id)),
                            name="fallback",
                            default_value=NO_FALLBACK,
                            label="When the queue runs dry, play",
                        ),
                        large=True,
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                form_error(L.create_error, testid="create-error"),
                rx.button(rx.icon("party-popper", size=16), "Start the party", type="submit", size="3", loading=L.creating, data_testid="create-room"),
                spacing="3",
                width="100%",
            ),
            on_submit=L.create,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


def _join_card() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Join with a code", size="4"),
                rx.hstack(
                    rx.input(name="code", placeholder="K7M2QX", max_length=12, size="3", flex="1", style={"text-transform": "uppercase"}, data_testid="join-code-input"),
                    rx.button("Join", type="submit", size="3", data_testid="join-code-submit"),
                    width="100%",
                ),
                rx.cond(L.join_error != "", rx.text(L.join_error, color="red", size="2", data_testid="join-code-error"), rx.fragment()),
                spacing="3",
                width="100%",
            ),
            on_submit=L.join_code,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


def _room_row(room: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("party-popper", size=18, color=rx.color("accent", 9)),
            rx.vstack(
                rx.text(room.name, weight="medium"),
                rx.text(room.code, " · ", room.created, " · ", room.present, " here now", size="1", color_scheme="gray"),
                spacing="0",
                flex="1",
            ),
            rx.badge(room.role, variant="outline"),
            rx.badge(room.status, color_scheme=rx.match(room.status, ("open", "green"), ("locked", "amber"), "gray")),
            width="100%",
            align="center",
            spacing="3",
            padding="8px",
        ),
        href="/party/" + room.code,
        underline="none",
        color="inherit",
        width="100%",
        data_testid="my-room",
    )


def _my_rooms() -> rx.Component:
    return rx.cond(
        L.rooms.length() > 0,
        rx.card(
            rx.vstack(rx.heading("My rooms", size="4"), rx.vstack(rx.foreach(L.rooms, _room_row), width="100%", spacing="1"), width="100%", spacing="2"),
            width="100%",
        ),
        empty_state("party-popper", "No party rooms yet", "Start one above: you get a code, a link and a QR code to share. Rooms you host or join show up here."),
    )


def _guest_lobby() -> rx.Component:
    return rx.grid(
        _join_card(),
        rx.card(
            rx.vstack(
                rx.heading("Host your own party", size="4"),
                rx.text("Guests join without an account. To host a room, sign in or create a free account.", size="2", color_scheme="gray"),
                rx.hstack(
                    rx.link(rx.button("Sign in", variant="soft"), href="/login?next=/party"),
                    rx.link(rx.button("Create an account"), href="/signup?next=/party"),
                    spacing="2",
                ),
                spacing="3",
            ),
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


# Joining by code works without an account (guests); hosting needs one.
@rx.page(route="/party", title="Party room · Simple Balance Music", on_load=[AuthState.check_session, PartyLobbyState.load])
def party_page() -> rx.Component:
    return shell(
        mode_badges("spotify"),
        rx.cond(
            AuthState.auth_ready,
            rx.cond(
                AuthState.signed_in,
                rx.fragment(
                    rx.grid(_create_card(), _join_card(), columns=rx.breakpoints(initial="1", md="3fr 2fr"), spacing="4", width="100%", align="start"),
                    _my_rooms(),
                ),
                _guest_lobby(),
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
        ),
        title="Party room",
    )


@rx.page(route="/party/[code]", title="Party room · Simple Balance Music", on_load=[AuthState.check_session, PartyMeState.load])
def party_room_page() -> rx.Component:
    return shell(
        mode_badges("spotify"),
        rx.match(
            PartyMeState.phase,
            ("room", room_view()),
            ("join", join_view(PartyMeState.signed_in)),
            (
                "missing",
                empty_state(
                    "circle-alert",
                    "This party is not available",
                    PartyMeState.problem,
                    rx.link(rx.button("Back to parties"), href="/party"),
                ),
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
        ),
        title="Party room",
    )
