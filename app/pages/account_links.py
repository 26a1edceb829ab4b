""""Forgot password?" (`/forgot`) and the pages emailed links open: `/reset` (choose a new
password) and `/confirm` (confirm an address). Opening a link changes nothing: a button
does (mail scanners open links)."""

from __future__ import annotations

import reflex as rx

from components.forms import auth_card, field, form_error
from state.account_links import AccountLinkState

ERR, ERR_FIELD = AccountLinkState.error, AccountLinkState.error_field


def _card(title: str, *children: rx.Component) -> rx.Component:
    return auth_card(
        title,
        *children,
        rx.text(rx.link("Sign in", href="/login"), " · ", rx.link("Create an account", href="/signup"), size="2"),
    )


def _form_error() -> rx.Component:
    return form_error(rx.cond(ERR_FIELD == "", ERR, ""), icon="triangle-alert")


def _dead_link(what: str) -> rx.Component:
    return rx.callout(
        f"This link has expired or was already used. {what}",
        icon="link-2-off", color_scheme="amber", width="100%", data_testid="link-dead",
    )


def _reset_sent() -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.text("If an account uses ", rx.text.strong(AccountLinkState.sent_to), ", we sent it a link to set a new "
                    "password. It works once, within 60 minutes."),
            icon="mail-check", color_scheme="green", width="100%", data_testid="reset-sent",
        ),
        rx.cond(
            AccountLinkState.mail_offline,
            rx.callout("Built-in outbox (offline): this instance sends no email. Its operator can read the message "
                       "with: python -m app.cli outbox EMAIL", icon="inbox", color_scheme="gray", size="1",
                       width="100%", data_testid="outbox-note"),
            rx.fragment(),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(route="/forgot", title="Forgot password · Simple Balance Music", on_load=AccountLinkState.load_form)
def forgot() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _form_error(),
            rx.text("Enter your account's email: we send it a link to choose a new password.", size="2"),
            field("Email", "email", ERR, ERR_FIELD, type="email", auto_complete="email", placeholder="you@example.com"),
            rx.button("Send the link", type="submit", width="100%", size="3", loading=AccountLinkState.busy, data_testid="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=AccountLinkState.request_reset,
        width="100%",
    )
    return _card("Forgot your password?", rx.cond(AccountLinkState.sent_to != "", _reset_sent(), form))


@rx.page(route="/reset", title="New password · Simple Balance Music", on_load=AccountLinkState.check_link)
def reset() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _form_error(),
            field("New password", "password", ERR, ERR_FIELD, type="password", auto_complete="new-password"),
            rx.text("At least 8 characters, mixing letters with numbers or symbols. Every other browser signed in "
                    "to your account will be signed out.", size="1", color_scheme="gray"),
            rx.button("Set the new password", type="submit", width="100%", size="3", loading=AccountLinkState.busy,
                      data_testid="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=AccountLinkState.reset_password,
        width="100%",
    )
    return _card(
        "Choose a new password",
        rx.cond(
            AccountLinkState.link_checked,
            rx.cond(AccountLinkState.link_live, form,
                    rx.vstack(_dead_link("Ask for a new one:"), rx.link("Send me a new link", href="/forgot"), width="100%")),
            rx.spinner(size="3"),
        ),
    )


@rx.page(route="/confirm", title="Confirm your email · Simple Balance Music", on_load=AccountLinkState.check_link)
def confirm() -> rx.Component:
    return _card(
        "Confirm your email address",
        rx.cond(
            AccountLinkState.link_checked,
            rx.cond(
                AccountLinkState.link_live,
                rx.vstack(
                    rx.text("Press the button to confirm that this address is yours; you are then signed in.", size="2"),
                    rx.button("Confirm my address", on_click=AccountLinkState.confirm, width="100%", size="3",
                              data_testid="confirm-email"),
                    width="100%",
                ),
                _dead_link("Signed in? The banner at the top of every page sends a new one."),
            ),
            rx.spinner(size="3"),
        ),
    )

