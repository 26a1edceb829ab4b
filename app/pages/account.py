"""Account: who you are signed in as, and the outside services this instance uses."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.layout import shell, signed_in_only
from components.spotify_connect import spotify_connect_card
from state.auth import AuthState


@rx.page(route="/account", title="Account · Simple Balance Music", on_load=AuthState.require_login)
def account_page() -> rx.Component:
    return shell(
        signed_in_only(
            rx.card(
                rx.data_list.root(
                    rx.data_list.item(rx.data_list.label("Name"), rx.data_list.value(AuthState.user_name)),
                    rx.data_list.item(rx.data_list.label("Email"), rx.data_list.value(AuthState.user_email, data_testid="account-email")),
                    rx.data_list.item(
                        rx.data_list.label("Kind"),
                        rx.data_list.value(rx.cond(AuthState.is_demo, rx.badge("Demo account"), rx.badge("Account", color_scheme="green"))),
                    ),
                ),
                width="100%",
            ),
            spotify_connect_card(),
            rx.card(
                rx.vstack(
                    rx.heading("Services", size="4"),
                    mode_badges("spotify", "openai", "replicate", "stripe", "ticketmaster", "bandsintown", "smtp"),
                    spacing="2",
                ),
                width="100%",
            ),
            rx.button("Sign out", color_scheme="red", variant="soft", on_click=AuthState.sign_out),
        ),
        title="Account",
    )
