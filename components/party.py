"""The party room's pieces: people, chat, the header with the invite, the join screen,
and the page's layout (the add card: `party_add`; now playing: `party_now`; the
queue: `party_queue`).

Permissions shown here come from my role in the shared member list (so a
promotion shows at once); the server checks every action again.
"""

from __future__ import annotations

import reflex as rx

from components.party_add import add_card
from components.party_common import CHAT, ME, PEOPLE, R, can_moderate, is_host, my_role, role_badge
from components.party_host import host_tools
from components.party_now import now_playing
from components.party_queue import queue_card

_SCROLL_JS = rx.asset("auto_scroll.js", shared=True)


class AutoScroll(rx.Component):
    """`auto_scroll.js`: a list that follows new lines unless the reader scrolled up
    (then a "New messages" marker shows)."""

    library = _SCROLL_JS.importable_path
    tag = "AutoScroll"
    last_key: rx.Var[str]
    max_height: rx.Var[str]
    testid: rx.Var[str]


# --------------------------------------------------------------------------- people and chat


def _person(m: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=m.name[:2], size="2", radius="full"),
        rx.text(m.name, size="2", weight=rx.cond(m.id == ME.member_key, "bold", "regular"), data_testid="person-name"),
        role_badge(m.role),
        rx.cond(m.guest, rx.badge("guest", variant="outline", size="1"), rx.fragment()),
        rx.spacer(),
        rx.cond(
            is_host & (m.role != "host"),
            rx.menu.root(
                rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=14), variant="ghost", size="1", aria_label="Manage person", data_testid="person-menu")),
                rx.menu.content(
                    rx.cond(
                        m.role == "cohost",
                        rx.menu.item("Make listener", on_click=ME.set_role(m.id, "listener")),
                        rx.menu.item("Make co-host", on_click=ME.set_role(m.id, "cohost"), data_testid="promote"),
                    ),
                    rx.menu.item("Make host (you stay co-host)", on_click=ME.set_role(m.id, "host"), data_testid="make-host"),
                    rx.menu.item("Remove from party", color="red", on_click=ME.remove_member(m.id), data_testid="remove-person"),
                ),
            ),
            rx.fragment(),
        ),
        width="100%",
        align="center",
        spacing="2",
        data_testid="person",
        key=m.id,  # by person, not by place: a join above must not move an open menu onto someone else
    )


def people_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Here now", size="4"), rx.badge(PEOPLE.members.length().to(str), variant="soft", data_testid="people-count"), align="center"),
            rx.vstack(rx.foreach(PEOPLE.members, _person), width="100%", spacing="2", data_testid="people"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _message(msg: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text(msg.author, size="1", weight="bold"),
                rx.moment(msg.at, format="HH:mm", color=rx.color("gray", 10), font_size="12px"),
                spacing="2",
                align="baseline",
            ),
            # Text only: rendered as a text node, so markup in a message is shown, never run.
            rx.text(msg.text, size="2", white_space="pre-wrap", word_break="break-word", data_testid="chat-text"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            can_moderate,
            rx.icon_button(rx.icon("trash-2", size=12), size="1", variant="ghost", color_scheme="red", on_click=ME.delete_message(msg.id), aria_label="Delete message", data_testid="delete-message"),
            rx.fragment(),
        ),
        width="100%",
        align="start",
        data_testid="chat-message",
        key=msg.id,  # by message: a new line at the full history's end re-renders one row, not all
    )


def chat_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Chat", size="4"),
            AutoScroll.create(
                rx.cond(
                    CHAT.chat.length() > 0,
                    rx.vstack(rx.foreach(CHAT.chat, _message), width="100%", spacing="2", padding_right="8px"),
                    rx.text("No messages yet. Say hello!", size="2", color_scheme="gray"),
                ),
                last_key=CHAT.chat_last,
                max_height="320px",
                testid="chat",
            ),
            rx.cond(
                R.ended,
                rx.fragment(),
                rx.form(
                    rx.hstack(
                        rx.input(id="party-chat-input", name="message", placeholder="Message (up to 500 characters)", flex="1", data_testid="chat-input"),
                        rx.icon_button(rx.icon("send", size=16), type="submit", aria_label="Send", data_testid="chat-send"),
                        width="100%",
                    ),
                    on_submit=ME.send_chat,
                    reset_on_submit=False,
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


# --------------------------------------------------------------------------- header, share, join


def share_popover() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(rx.button(rx.icon("share-2", size=16), "Invite", variant="soft", data_testid="share")),
        rx.popover.content(
            rx.vstack(
                rx.text("Scan or share the link: guests can join without an account.", size="2"),
                rx.image(src=ME.qr, width="200px", height="200px", alt="QR code of the join link", data_testid="share-qr", background="white", border_radius="var(--radius-2)"),
                rx.code(ME.share_url, size="1", data_testid="share-url"),
                rx.button(rx.icon("copy", size=14), "Copy link", size="1", on_click=[rx.set_clipboard(ME.share_url), rx.toast.success("Link copied.")]),
                align="center",
                spacing="3",
            ),
        ),
    )


def room_header() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(R.name, size="7", data_testid="room-name"),
            rx.badge(rx.icon("hash", size=12), R.room_code, size="3", variant="surface", data_testid="room-code"),
            rx.cond(R.locked, rx.badge(rx.icon("lock", size=12), "Locked", color_scheme="amber"), rx.fragment()),
            rx.cond(R.passcode != "", rx.badge(rx.icon("key-round", size=12), R.passcode, variant="soft", data_testid="room-passcode"), rx.fragment()),
            role_badge(my_role),
            rx.spacer(),
            share_popover(),
            rx.cond(is_host, host_tools(), rx.fragment()),
            rx.button(rx.icon("log-out", size=16), "Leave", variant="ghost", color_scheme="gray", on_click=ME.leave, data_testid="leave"),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        rx.text("You are ", rx.text.strong(ME.my_name), rx.cond(ME.is_guest, " (guest)", ""), ".", size="2", color_scheme="gray"),
        rx.cond(
            R.ended,
            rx.callout("This party has ended. The queue and chat stay here to look back on.", icon="flag", color_scheme="gray", width="100%", data_testid="ended"),
            rx.fragment(),
        ),
        width="100%",
        spacing="2",
    )


def _played(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row.title, size="2", weight="medium", data_testid="played-title"),
            rx.text(row.artists, " · added by ", row.added_by, size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(row.at != "", rx.moment(row.at, format="HH:mm", color=rx.color("gray", 10), font_size="12px"), rx.fragment()),
        width="100%",
        align="center",
    )


def history_card() -> rx.Component:
    """What played (queued tracks), read-only: the record an ended party keeps."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("What played", size="4"),
                rx.spacer(),
                rx.button(rx.icon("history", size=14), rx.cond(ME.history_loaded, "Refresh", "Show"), size="1",
                          variant="soft", on_click=ME.load_history, data_testid="history-load"),
                width="100%",
                align="center",
            ),
            rx.cond(
                ME.history_loaded,
                rx.cond(
                    ME.history.length() > 0,
                    rx.vstack(rx.foreach(ME.history, _played), width="100%", spacing="2", data_testid="history"),
                    rx.text("Nothing from the queue has finished playing yet.", size="2", color_scheme="gray"),
                ),
                rx.fragment(),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def room_view() -> rx.Component:
    return rx.vstack(
        room_header(),
        rx.grid(
            rx.vstack(now_playing(), queue_card(), add_card(), spacing="4", width="100%"),
            rx.vstack(people_card(), chat_card(), history_card(), spacing="4", width="100%"),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            spacing="4",
            width="100%",
        ),
        width="100%",
        spacing="4",
        data_testid="room",
    )


def join_view(signed_in: rx.Var[bool]) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.icon("party-popper", size=32, color=rx.color("accent", 9)),
                rx.heading(ME.preview_name, size="6", data_testid="join-room-name"),
                rx.text("Hosted by ", ME.preview_host, " · ", ME.preview_present.to(str), " here now", size="2", color_scheme="gray"),
                rx.cond(
                    ME.join_error != "",
                    rx.callout(ME.join_error, icon="circle-alert", color_scheme="red", width="100%", data_testid="join-error"),
                    rx.fragment(),
                ),
                rx.cond(
                    ME.preview_ended,
                    rx.callout("This party has ended.", icon="flag", color_scheme="gray", width="100%"),
                    rx.form(
                        rx.vstack(
                            rx.cond(
                                ME.preview_passcode,
                                rx.vstack(
                                    rx.text("Passcode (ask the host)", as_="label", html_for="passcode", size="2", weight="medium"),
                                    rx.input(id="passcode", name="passcode", max_length=20, width="100%", size="3", data_testid="join-passcode"),
                                    width="100%",
                                    spacing="1",
                                ),
                                rx.fragment(),
                            ),
                            rx.cond(
                                signed_in,
                                rx.fragment(),
                                rx.vstack(
                                    rx.text("Your name in the room", as_="label", html_for="display_name", size="2", weight="medium"),
                                    rx.input(id="display_name", name="display_name", placeholder="e.g. Sam", max_length=40, width="100%", size="3", data_testid="guest-name"),
                                    width="100%",
                                    spacing="1",
                                ),
                            ),
                            rx.button(
                                rx.cond(signed_in, "Join the party", "Join as a guest"),
                                type="submit",
                                size="3",
                                width="100%",
                                loading=ME.busy,
                                data_testid="join-submit",
                            ),
                            rx.cond(
                                signed_in,
                                rx.fragment(),
                                rx.text("Have an account? ", rx.link("Sign in", href="/login?next=/party/" + ME.room_code), " to join with it.", size="2", color_scheme="gray"),
                            ),
                            width="100%",
                            spacing="3",
                        ),
                        on_submit=ME.join,
                        width="100%",
                    ),
                ),
                spacing="3",
                align="center",
                width="100%",
            ),
            width="100%",
            max_width="420px",
            data_testid="join-card",
        ),
        width="100%",
        padding_top="24px",
    )
