"""Home: a landing page for visitors, a dashboard of every area for a signed-in person."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.ai_usage import ai_usage_card
from components.layout import shell
from components.library_panel import library_panel
from components.system_panel import system_panel
from state.sandbox_clock import SandboxClockState
from state.ai_usage import AIUsageState
from state.auth import AuthState
from state.library import LibraryState
from state.system import SystemState

AREAS: list[tuple[str, str, str, str]] = [
    ("Worlds", "/worlds", "globe", "Turn a few seed tracks and five answers into themed, refreshed playlists."),
    ("Events", "/events", "map-pin", "Real concerts near a place or for the artists you follow, on a map."),
    ("Party", "/party", "party-popper", "A shared queue with live votes, chat and auto-play."),
    ("Releases", "/releases", "disc-3", "New releases from the artists you follow, with email digests."),
    ("Label", "/label", "mic-vocal", "Beat, lyrics, vocals, mix and master, release pack and content."),
    ("Billing", "/billing", "credit-card", "Your plan and its limits."),
]


def _area_card(name: str, href: str, icon: str, text: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon(icon, color=rx.color("accent", 9)), rx.heading(name, size="4"), align="center"),
                rx.text(text, size="2", color_scheme="gray"),
                spacing="2",
            ),
            height="100%",
            _hover={"border_color": rx.color("accent", 8)},
        ),
        href=href,
        underline="none",
        color="inherit",
        data_testid=f"area-{name.lower()}",
    )


def _dashboard() -> rx.Component:
    return rx.vstack(
        rx.text("Welcome back, ", rx.text.strong(AuthState.user_name), ".", size="4"),
        rx.grid(*(_area_card(*a) for a in AREAS), columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="4", width="100%"),
        library_panel(),
        ai_usage_card(),
        rx.card(
            rx.vstack(
                rx.heading("Services", size="4"),
                rx.text("Which outside services run live and which on the built-in offline defaults.", size="2", color_scheme="gray"),
                mode_badges("spotify", "openai", "replicate", "stripe", "ticketmaster", "bandsintown", "smtp"),
                spacing="2",
            ),
            width="100%",
        ),
        rx.cond(AuthState.is_operator, system_panel(), rx.fragment()),
        spacing="5",
        width="100%",
    )


def _landing() -> rx.Component:
    return rx.vstack(
        rx.heading("Music worlds, live parties, real concerts and a label in a box.", size="8"),
        rx.text(
            "Simple Balance Music is one app for people who love music and for independent artists. "
            "It works without any accounts or keys: try the demo and everything runs on built-in data.",
            size="4",
            color_scheme="gray",
            max_width="60ch",
        ),
        rx.hstack(
            rx.button(rx.cond(AuthState.demo_busy, rx.spinner(size="3"), rx.icon("sparkles")),
                      rx.cond(AuthState.demo_busy, "Preparing your demo…", "Try the demo"), size="4",
                      disabled=AuthState.demo_busy, on_click=AuthState.try_demo, data_testid="landing-try-demo"),
            rx.link(rx.button("Create an account", size="4", variant="soft"), href="/signup"),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(AuthState.error_field == "demo", rx.callout(AuthState.error, icon="triangle-alert", color_scheme="red"), rx.fragment()),
        rx.grid(*(_area_card(*a) for a in AREAS), columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="4", width="100%"),
        spacing="5",
        width="100%",
    )


@rx.page(route="/", title="Simple Balance Music", on_load=[AuthState.check_session, LibraryState.load, AIUsageState.load, SystemState.load, SandboxClockState.load])
def index() -> rx.Component:
    return shell(
        rx.cond(
            AuthState.auth_ready,
            rx.cond(AuthState.signed_in, _dashboard(), _landing()),
            rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
        ),
        title="Home",
    )
