"""The party room's queue card: the rows every page re-renders on every vote.

A vote changes one number on every open page of the room, so the rows are built
from plain elements (`rx.el`) wearing Radix Themes' own class names, laid out by
`assets/party.css`: they look like the themed components but skip their React
layer and the per-render CSS-in-JS of style props. Measured with headless
Chromium on this 2-core machine, a listener page spent about 5 ms of script per
vote with themed components and far less with these (bench/party.py, issue 12).
The track menu is mounted only where it offers something: for the host and
co-hosts, and on the rows I added (the server checks every action again).
The score is `item_score.js`, which reads the scores map (a state of its own) from
Reflex's store and writes a changed number straight into its text node: a vote that
moves no track renders nothing in React and changes one text node per page. The
number sits in a box of fixed size that is its own layout root, and each row is
contained (`assets/party.css`), so the browser's frame for a vote stays inside them.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.constants.state import FIELD_MARKER

import components.progress  # noqa: F401 - copies clock_progress.js, which item_score.js imports
from components.party_common import ME, QUEUE, R, SCORES, can_moderate

_SCORE_JS = rx.asset("item_score.js", shared=True)
_BUTTON = "rt-reset rt-BaseButton rt-r-size-2 rt-IconButton sbm-icon-button"


def _text(*children: rx.Component | rx.Var | str, classes: str, **props) -> rx.Component:
    return rx.el.p(*children, class_name="rt-Text " + classes, **props)


def _vote_button(item: rx.Var, value: int) -> rx.Component:
    mine = ME.my_votes[item.id].to(int) == value
    return rx.el.button(
        rx.icon("thumbs-up" if value > 0 else "thumbs-down", size=18),
        class_name=rx.cond(mine, _BUTTON + " rt-variant-solid", _BUTTON + " rt-variant-soft"),
        custom_attrs={"data-accent-color": rx.cond(mine, "green" if value > 0 else "red", "gray")},
        type="button",
        on_click=ME.vote(item.id, value),
        disabled=R.ended,
        aria_label="Vote up" if value > 0 else "Vote down",
        data_testid=f"vote-{'up' if value > 0 else 'down'}",
    )


class ItemScore(rx.Component):
    """`item_score.js`: one track's score, kept up to date from the scores state without a React render."""

    library = _SCORE_JS.importable_path
    tag = "ItemScore"
    state_name: rx.Var[str]
    field: rx.Var[str]
    item_id: rx.Var[str]
    testid: rx.Var[str]


def _score(item: rx.Var) -> rx.Component:
    return ItemScore.create(
        state_name=SCORES.get_full_name(),
        field="scores" + FIELD_MARKER,
        item_id=item.id,
        class_name="rt-Text rt-r-size-2 rt-r-weight-bold sbm-queue-score",
        testid="queue-score",
    )


def _cover(url: rx.Var) -> rx.Component:
    return rx.cond(
        url != "",
        rx.el.img(src=url, alt="", class_name="sbm-cover"),
        rx.el.div(rx.icon("music", size=18), class_name="sbm-cover sbm-cover-empty"),
    )


def _menu(item: rx.Var, index: rx.Var) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(
                rx.icon("ellipsis-vertical", size=18),
                class_name=_BUTTON + " rt-variant-ghost",
                type="button",
                aria_label="Track actions",
                data_testid="item-menu",
            )
        ),
        rx.menu.content(
            rx.cond(
                can_moderate,
                rx.fragment(
                    rx.cond(
                        item.pinned,
                        rx.menu.item("Unpin", on_click=ME.pin_item(item.id, False)),
                        rx.menu.item("Pin to the top", on_click=ME.pin_item(item.id, True), data_testid="pin"),
                    ),
                    rx.menu.item("Move up", on_click=ME.move_item(item.id, index - 1), data_testid="move-up"),
                    rx.menu.item("Move down", on_click=ME.move_item(item.id, index + 1)),
                ),
                rx.fragment(),
            ),
            rx.menu.item("Remove", color="red", on_click=ME.remove_item(item.id), data_testid="remove-item"),
        ),
    )


def _queue_row(item: rx.Var, index: rx.Var) -> rx.Component:
    return rx.el.div(
        _text((index + 1).to(str), classes="rt-r-size-2 sbm-queue-pos", custom_attrs={"data-accent-color": "gray"}),
        _cover(item.image),
        rx.el.div(
            rx.el.div(
                _text(item.title, classes="rt-r-size-2 rt-r-weight-medium rt-r-lt-both", data_testid="queue-title"),
                rx.cond(
                    item.pinned,
                    rx.el.span(
                        rx.icon("pin", size=12), "Pinned",
                        class_name="rt-reset rt-Badge rt-r-size-1 rt-variant-soft", custom_attrs={"data-accent-color": "amber"},
                    ),
                    rx.fragment(),
                ),
                class_name="sbm-queue-title",
            ),
            _text(
                item.artists, " · ", item.duration, " · added by ", item.by,
                classes="rt-r-size-1", custom_attrs={"data-accent-color": "gray"}, data_testid="queue-by",
            ),
            class_name="sbm-queue-track",
        ),
        rx.el.div(
            _vote_button(item, 1),
            _score(item),
            _vote_button(item, -1),
            class_name="sbm-queue-votes",
        ),
        rx.cond(can_moderate | (item.by_id == ME.member_key), _menu(item, index), rx.el.span(class_name="sbm-icon-gap")),
        class_name="sbm-queue-row",
        data_testid="queue-row",
        key=item.id,  # by track, not by place: a reorder moves the row (and an open menu) with its track
    )


def queue_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Up next", size="4"),
                rx.badge(QUEUE.queue.length().to(str) + " waiting", variant="soft"),
                rx.spacer(),
                rx.text("Most votes play first", size="1", color_scheme="gray"),
                width="100%",
                align="center",
            ),
            rx.cond(
                QUEUE.queue.length() > 0,
                rx.el.div(rx.foreach(QUEUE.queue, _queue_row), class_name="sbm-queue", data_testid="queue"),
                rx.text("The queue is empty. Search for a track or pick a suggestion below.", size="2", color_scheme="gray", data_testid="queue-empty"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
