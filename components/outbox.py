"""The outbox: a list of mails and the selected one (HTML in a sandboxed frame, plain text, links)."""

from __future__ import annotations

import reflex as rx

from state.digests import OutboxState


def _row(mail: rx.Var[dict[str, str]]) -> rx.Component:
    selected = OutboxState.selected.to_string() == mail["id"]
    return rx.box(
        rx.vstack(
            rx.text(mail["subject"], size="2", weight="medium", line_clamp=2),
            rx.hstack(
                rx.text(mail["to"], size="1", color_scheme="gray", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
                rx.spacer(),
                rx.text(mail["when"], size="1", color_scheme="gray", white_space="nowrap"),
                width="100%",
                spacing="2",
            ),
            spacing="1",
            width="100%",
        ),
        padding="10px 12px",
        border_radius="var(--radius-3)",
        cursor="pointer",
        width="100%",
        background=rx.cond(selected, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        on_click=OutboxState.open_mail(mail["id"]),
        data_testid="outbox-mail",
    )


def _message() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(OutboxState.subject, size="4", data_testid="mail-subject"),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("To"), rx.data_list.value(OutboxState.to)),
                rx.data_list.item(rx.data_list.label("Date"), rx.data_list.value(OutboxState.when)),
                rx.data_list.item(rx.data_list.label("Sent via"), rx.data_list.value(rx.cond(OutboxState.via == "smtp", "SMTP", "Outbox only (offline)"))),
                size="1",
            ),
            rx.cond(
                OutboxState.links.length() > 0,
                rx.vstack(
                    rx.text("Links in this message", size="1", weight="medium", color_scheme="gray"),
                    rx.foreach(
                        OutboxState.links,
                        lambda link: rx.link(link, href=link, size="1", word_break="break-all", data_testid="mail-link"),
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.fragment(),
            ),
            rx.tabs.root(
                rx.tabs.list(rx.tabs.trigger("HTML", value="html"), rx.tabs.trigger("Plain text", value="text"), rx.tabs.trigger("Headers", value="headers")),
                rx.tabs.content(
                    rx.el.iframe(
                        src_doc=OutboxState.html,
                        sandbox="allow-popups allow-popups-to-escape-sandbox",
                        title="HTML part of the message",
                        width="100%",
                        height="560px",
                        style={"border": "0", "background": "white", "borderRadius": "8px"},
                        data_testid="mail-html",
                    ),
                    value="html",
                    padding_top="12px",
                ),
                rx.tabs.content(
                    rx.el.pre(OutboxState.text, style={"whiteSpace": "pre-wrap", "fontSize": "13px", "margin": "0"}, data_testid="mail-text"),
                    value="text",
                    padding_top="12px",
                ),
                rx.tabs.content(
                    rx.el.pre(rx.cond(OutboxState.headers != "", OutboxState.headers, "(none)"), style={"whiteSpace": "pre-wrap", "fontSize": "13px", "margin": "0"}),
                    value="headers",
                    padding_top="12px",
                ),
                default_value="html",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        min_width="0",
    )


def outbox_view() -> rx.Component:
    return rx.cond(
        OutboxState.loaded,
        rx.cond(
            OutboxState.mails.length() > 0,
            rx.flex(
                rx.card(
                    rx.vstack(rx.foreach(OutboxState.mails, _row), spacing="1", width="100%"),
                    width=rx.breakpoints(initial="100%", md="320px"),
                    min_width=rx.breakpoints(initial="0", md="320px"),
                    padding="6px",
                ),
                rx.box(_message(), flex="1", min_width="0", width="100%"),
                direction=rx.breakpoints(initial="column", md="row"),
                spacing="4",
                align="start",
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.icon("inbox", size=36, color=rx.color("accent", 9)),
                    rx.heading("No mail yet", size="4"),
                    rx.text(
                        "Confirmation links, digests and test digests sent to you are listed here. "
                        "Opt in to the digest on the Releases page, or send yourself a test digest.",
                        color_scheme="gray",
                        align="center",
                        max_width="48ch",
                    ),
                    rx.link(rx.button("Go to Releases"), href="/releases"),
                    align="center",
                    spacing="3",
                    padding="24px",
                ),
                width="100%",
                data_testid="outbox-empty",
            ),
        ),
        rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
    )
