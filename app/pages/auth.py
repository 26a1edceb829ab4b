"""Sign in and sign up."""

from __future__ import annotations

import reflex as rx

from components.forms import field
from state.auth import AuthState


def _card(title: str, form: rx.Component, footer: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon("audio-waveform", color=rx.color("accent", 9)), rx.heading("Simple Balance Music", size="5"), align="center"),
                rx.heading(title, size="6"),
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
                spacing="4",
                width="100%",
            ),
            width="100%",
            max_width="420px",
            size="4",
        ),
        min_height="100vh",
        padding="16px",
    )


def _form_error() -> rx.Component:
    return rx.cond(
        (AuthState.error != "") & (AuthState.error_field == ""),
        rx.callout(AuthState.error, icon="triangle-alert", color_scheme="red", width="100%"),
        rx.fragment(),
    )


@rx.page(route="/login", title="Sign in · Simple Balance Music", on_load=AuthState.redirect_if_signed_in)
def login() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _form_error(),
            field("Email", "email", AuthState.error, AuthState.error_field, type="email", auto_complete="email", placeholder="you@example.com"),
            field("Password", "password", AuthState.error, AuthState.error_field, type="password", auto_complete="current-password"),
            rx.button("Sign in", type="submit", width="100%", size="3", loading=AuthState.busy, data_testid="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=AuthState.sign_in,
        width="100%",
    )
    footer = rx.text("New here? ", rx.link("Create an account", href="/signup"), size="2")
    return _card("Sign in", form, footer)


@rx.page(route="/signup", title="Sign up · Simple Balance Music", on_load=AuthState.redirect_if_signed_in)
def signup() -> rx.Component:
    form = rx.form(
        rx.vstack(
            _form_error(),
            field("Name", "display_name", AuthState.error, AuthState.error_field, placeholder="How should we call you?", auto_complete="nickname"),
            field("Email", "email", AuthState.error, AuthState.error_field, type="email", auto_complete="email", placeholder="you@example.com"),
            field("Password", "password", AuthState.error, AuthState.error_field, type="password", auto_complete="new-password"),
            rx.text("At least 8 characters, mixing letters with numbers or symbols.", size="1", color_scheme="gray"),
            rx.button("Create account", type="submit", width="100%", size="3", loading=AuthState.busy, data_testid="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=AuthState.sign_up,
        width="100%",
    )
    footer = rx.text("Already have an account? ", rx.link("Sign in", href="/login"), size="2")
    return _card("Create your account", form, footer)
