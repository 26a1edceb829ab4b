"""Sign in and sign up (the pages of emailed links and "Forgot password?": `account_links`)."""

from __future__ import annotations

import reflex as rx

from components.forms import auth_card, field, form_error
from state.account_links import AccountLinkState
from state.auth import AuthState


def _card(title: str, form: rx.Component, footer: rx.Component) -> rx.Component:
    return auth_card(
        title,
        form,
        rx.divider(),
        rx.button(
            rx.cond(AuthState.demo_busy, rx.spinner(size="2"), rx.icon("sparkles")),
            rx.cond(AuthState.demo_busy, "Preparing your demo…", "Try the demo"),
            variant="outline", width="100%", size="3", disabled=AuthState.demo_busy,
            on_click=AuthState.try_demo, data_testid="try-demo",
        ),
        rx.cond(
            AuthState.error_field == "demo",
            rx.callout(AuthState.error, icon="triangle-alert", color_scheme="red", width="100%", data_testid="demo-error"),
            rx.text("A private demo account just for you, with a sample library. Keep it by adding an email later.",
                    size="1", color_scheme="gray"),
        ),
        footer,
    )


def _form_error() -> rx.Component:
    return form_error(rx.cond(AuthState.error_field == "", AuthState.error, ""), icon="triangle-alert")


@rx.page(route="/login", title="Sign in · Simple Balance Music", on_load=AuthState.redirect_if_signed_in)
def login() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _form_error(),
            field("Email", "email", AuthState.error, AuthState.error_field, type="email", auto_complete="email", placeholder="you@example.com"),
            field("Password", "password", AuthState.error, AuthState.error_field, type="password", auto_complete="current-password"),
            rx.button("Sign in", type="submit", width="100%", size="3", loading=AuthState.busy, data_testid="submit"),
            rx.link("Forgot password?", href="/forgot", size="2", data_testid="forgot-link"),
            spacing="3",
            width="100%",
        ),
        on_submit=AuthState.sign_in,
        width="100%",
    )
    footer = rx.text("New here? ", rx.link("Create an account", href="/signup"), size="2")
    return _card("Sign in", form, footer)


def _sign_up_sent() -> rx.Component:
    """The one answer to every sign-up, whether or not the email has an account."""
    return rx.vstack(
        rx.callout(
            rx.text("Check your inbox: we sent a message to ", rx.text.strong(AccountLinkState.sent_to),
                    ". Open its link to confirm your address (or, if the address already has an account, "
                    "it says how to sign in)."),
            icon="mail-check", color_scheme="green", width="100%", data_testid="signup-sent",
        ),
        rx.text("You can sign in now with the password you chose.", size="2"),
        rx.cond(
            AccountLinkState.mail_offline,
            rx.callout("Built-in outbox (offline): this instance sends no email. Sign in and open Releases → "
                       "Outbox to read the message.", icon="inbox", color_scheme="gray", size="1", width="100%",
                       data_testid="outbox-note"),
            rx.fragment(),
        ),
        rx.link(rx.button("Sign in", width="100%", size="3"), href="/login", width="100%", data_testid="signup-sign-in"),
        spacing="3",
        width="100%",
    )


@rx.page(route="/signup", title="Sign up · Simple Balance Music",
         on_load=[AuthState.redirect_if_signed_in, AccountLinkState.load_form])
def signup() -> rx.Component:
    err, err_field = AccountLinkState.error, AccountLinkState.error_field
    form = rx.form(
        rx.vstack(
            rx.cond((err != "") & (err_field == ""), rx.callout(err, icon="triangle-alert", color_scheme="red", width="100%"),
                    rx.fragment()),
            field("Name", "display_name", err, err_field, placeholder="How should we call you?", auto_complete="nickname"),
            field("Email", "email", err, err_field, type="email", auto_complete="email", placeholder="you@example.com"),
            field("Password", "password", err, err_field, type="password", auto_complete="new-password"),
            rx.text("At least 8 characters, mixing letters with numbers or symbols.", size="1", color_scheme="gray"),
            rx.button("Create account", type="submit", width="100%", size="3", loading=AccountLinkState.busy, data_testid="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=AccountLinkState.sign_up,
        width="100%",
    )
    footer = rx.text("Already have an account? ", rx.link("Sign in", href="/login"), size="2")
    return _card("Create your account", rx.cond(AccountLinkState.sent_to != "", _sign_up_sent(), form), footer)
