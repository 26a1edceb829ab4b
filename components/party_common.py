"""What the party room's components share: the states they read, my role and what it
allows (from the shared member list, so a promotion shows at once; the server
checks every action again), and small pieces used in several cards."""

from __future__ import annotations

import reflex as rx

from state.party import PartyMeState
from state.party_pick import PartyPickState
from state.party_room import PartyChatState, PartyNowState, PartyPeopleState, PartyQueueState, PartyRoomState, PartyScoresState

R, ME, PICK = PartyRoomState, PartyMeState, PartyPickState
NOW, QUEUE, SCORES, PEOPLE, CHAT = PartyNowState, PartyQueueState, PartyScoresState, PartyPeopleState, PartyChatState

my_role = PEOPLE.roles[ME.member_key].to(str)
is_host = (my_role == "host") & ~R.ended
can_moderate = ((my_role == "host") | (my_role == "cohost")) & ~R.ended
can_add = ~R.ended & (
    (my_role == "host")
    | (my_role == "cohost")
    | (R.add_policy == "everyone")
    | ((R.add_policy == "signed_in") & ~ME.is_guest)
)


def cover(url: rx.Var, size: str = "48px") -> rx.Component:
    return rx.cond(
        url != "",
        rx.image(src=url, width=size, height=size, border_radius="var(--radius-2)", object_fit="cover", flex_shrink="0"),
        rx.center(rx.icon("music", size=18), width=size, height=size, background=rx.color("gray", 4), border_radius="var(--radius-2)", flex_shrink="0"),
    )


def role_badge(role: rx.Var) -> rx.Component:
    return rx.match(
        role,
        ("host", rx.badge("Host", color_scheme="violet", size="1")),
        ("cohost", rx.badge("Co-host", color_scheme="blue", size="1")),
        rx.fragment(),
    )
