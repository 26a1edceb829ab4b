"""Account: who you are signed in as, keeping a demo account, today's usage and
storage, API tokens and webhooks, and the outside services this instance uses."""

from __future__ import annotations

import reflex as rx

from components.api_tokens import api_tokens_card
from components.badges import mode_badges
from components.forms import field
from components.layout import shell, signed_in_only
from components.spotify_connect import spotify_connect_card
from components.usage_card import usage_card
from components.webhooks_card import webhooks_card
from state.api_tokens import ApiTokensState
from state.auth import AuthState
from state.usage import UsageState
from state.webhooks import WebhooksState


def _keep_demo_card() -> rx.Component:
    """A demo account becomes a real one with an email and a password; nothing is lost."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("bookmark-check"), rx.heading("Keep this demo account", size="4"), align="center"),
            rx.text(UsageState.expires_note, size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.cond(
                        (AuthState.error != "") & (AuthState.error_field == ""),
                        rx.callout(AuthState.error, icon="triangle-alert", color_scheme="red", width="100%"),
                        rx.fragment(),
                    ),
                    field("Name", "display_name", AuthState.error, AuthState.error_field, placeholder="How should we call you?"),
                    field("Email", "email", AuthState.error, AuthState.error_field, type="email", auto_complete="email", placeholder="you@example.com"),
                    field("Password", "password", AuthState.error, AuthState.error_field, type="password", auto_complete="new-password"),
                    rx.button("Keep my account", type="submit", loading=AuthState.busy, data_testid="convert-submit"),
                    spacing="3",
                    width="100%",
                    max_width="420px",
                ),
                on_submit=AuthState.convert_demo,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="keep-demo",
    )


@rx.page(route="/account", title="Account · Simple Balance Music", on_load=[AuthState.require_login, UsageState.load, ApiTokensState.load, WebhooksState.load])
def account_page() -> rx.Component:
    return shell(
        signed_in_only(
            rx.card(
                rx.data_list.root(
                    rx.data_list.item(rx.data_list.label("Name"), rx.data_list.value(AuthState.user_name, data_testid="account-name")),
                    rx.data_list.item(rx.data_list.label("Email"), rx.data_list.value(AuthState.user_email, data_testid="account-email")),
                    rx.data_list.item(
                        rx.data_list.label("Kind"),
                        rx.data_list.value(rx.cond(AuthState.is_demo, rx.badge("Demo account"), rx.badge("Account", color_scheme="green")),
                                           data_testid="account-kind"),
                    ),
                ),
                width="100%",
            ),
            rx.cond(AuthState.is_demo, _keep_demo_card(), rx.fragment()),
            usage_card(),
            spotify_connect_card(),
            api_tokens_card(),
            webhooks_card(),
            rx.card(
                rx.vstack(
                    rx.heading("Services", size="4"),
                    mode_badges("spotify", "openai", "replicate", "stripe", "ticketmaster", "bandsintown", "smtp"),
                    rx.link("Service status and background jobs →", href="/status", size="2"),
                    spacing="2",
                ),
                width="100%",
            ),
            rx.button("Sign out", color_scheme="red", variant="soft", on_click=AuthState.sign_out),
        ),
        title="Account",
    )
