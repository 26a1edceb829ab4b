"""The app shell: navigation to the six pages, the account menu, colour mode,
and a layout that works from phone width up."""

from __future__ import annotations

import reflex as rx
from reflex.components.component import NoSSRComponent

from components.upgrade_dialog import upgrade_dialog
from state.account_links import AccountLinkState
from state.auth import AuthState

NAV: list[tuple[str, str, str]] = [
    ("Home", "/", "house"),
    ("Worlds", "/worlds", "globe"),
    ("Events", "/events", "map-pin"),
    ("Party", "/party", "party-popper"),
    ("Releases", "/releases", "disc-3"),
    ("Label", "/label", "mic-vocal"),
    ("Billing", "/billing", "credit-card"),
]


class AriaBridge(NoSSRComponent):
    """Names Radix slider thumbs after their slider, lets overflowing scroll areas take
    keyboard focus and makes Enter/Space click `role="button"` elements (`components/a11y_bridge.js`)."""

    library = rx.asset("a11y_bridge.js", shared=True).importable_path
    tag = "AriaBridge"


def _nav_link(label: str, href: str, icon: str) -> rx.Component:
    current = AuthState.router.url.path
    active = (current == href) | ((href != "/") & current.startswith(href))
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(label, size="3"), spacing="3", align="center"),
        href=href,
        underline="none",
        padding_x="12px",
        padding_y="8px",
        border_radius="var(--radius-3)",
        width="100%",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 11)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        data_testid=f"nav-{label.lower()}",
    )


def _brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("audio-waveform", size=22, color=rx.color("accent", 9)),
            rx.heading("Simple Balance", size="4", weight="bold"),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        color="inherit",
    )


def account_menu() -> rx.Component:
    return rx.cond(
        AuthState.signed_in,
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle-user", size=18),
                    rx.text(AuthState.user_name, max_width="14ch", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
                    variant="soft",
                    data_testid="account-menu",
                )
            ),
            rx.menu.content(
                rx.box(
                    rx.text(AuthState.user_email, size="2", color_scheme="gray"),
                    rx.cond(AuthState.is_demo, rx.badge("Demo account", size="1"), rx.fragment()),
                    padding_x="12px",
                    padding_y="4px",
                ),
                rx.menu.separator(),
                rx.menu.item("Account", on_click=rx.redirect("/account")),
                rx.menu.item("Billing", on_click=rx.redirect("/billing")),
                rx.menu.separator(),
                rx.menu.item("Sign out", color="red", on_click=AuthState.sign_out, data_testid="sign-out"),
            ),
        ),
        rx.hstack(
            rx.link(rx.button("Sign in", variant="soft"), href="/login"),
            rx.link(rx.button("Sign up"), href="/signup"),
            spacing="2",
        ),
    )


def _sidebar() -> rx.Component:
    return rx.vstack(
        _brand(),
        rx.vstack(*(_nav_link(*item) for item in NAV), spacing="1", width="100%", padding_top="16px"),
        rx.spacer(),
        rx.color_mode.button(aria_label="Switch between light and dark mode"),
        width="220px",
        min_width="220px",
        height="100vh",
        position="sticky",
        top="0",
        padding="16px",
        border_right=f"1px solid {rx.color('gray', 4)}",
        display=["none", "none", "flex"],
        role="navigation",
        aria_label="Main",
    )


def _mobile_nav() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Open navigation")),
        rx.menu.content(*(rx.menu.item(rx.hstack(rx.icon(icon, size=16), label), on_click=rx.redirect(href)) for label, href, icon in NAV)),
    )


def unconfirmed_banner() -> rx.Component:
    """On every page of the shell while the signed-in person's address is unconfirmed."""
    return rx.cond(
        AuthState.email_unconfirmed,
        rx.callout(
            rx.hstack(
                rx.text("Please confirm your email address: we sent a link to ", rx.text.strong(AuthState.user_email),
                        " (a copy is in your ", rx.link("outbox", href="/releases/outbox"), ")."),
                rx.button("Send it again", size="1", variant="solid", on_click=AccountLinkState.resend_confirmation,
                          data_testid="resend-confirmation"),
                align="center", wrap="wrap", spacing="3",
            ),
            icon="mail-warning", color_scheme="amber", width="100%", data_testid="unconfirmed-banner",
        ),
        rx.fragment(),
    )


def shell(*children: rx.Component, title: str, actions: rx.Component | None = None) -> rx.Component:
    """One page inside the app shell: sidebar on wide screens, a menu on phones."""
    return rx.hstack(
        # React Router turns the link into client-side navigation, which moves no focus: do it here.
        rx.el.a("Skip to content", href="#main", class_name="sbm-skip-link", data_testid="skip-link",
                on_click=rx.call_script("document.getElementById('main')?.focus()")),
        upgrade_dialog(),
        AriaBridge.create(),
        _sidebar(),
        rx.vstack(
            rx.hstack(
                rx.box(_mobile_nav(), display=["block", "block", "none"]),
                rx.heading(title, size="6", data_testid="page-title"),
                rx.spacer(),
                actions or rx.fragment(),
                rx.link("Pricing", href="/pricing", size="2", weight="medium", data_testid="header-pricing"),
                rx.box(rx.color_mode.button(aria_label="Switch between light and dark mode"), display=["block", "block", "none"]),
                account_menu(),
                width="100%",
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            unconfirmed_banner(),
            *children,
            width="100%",
            max_width="1200px",
            padding=["12px", "16px", "28px"],
            spacing="5",
            min_height="100vh",
            min_width="0",  # a wide child (map, table) must not widen the page past a phone's screen
            id="main",
            role="main",
            tab_index=-1,
        ),
        spacing="0",
        width="100%",
        align="start",
    )


def signed_in_only(*children: rx.Component) -> rx.Component:
    """Render `children` once the session is confirmed; a spinner until then."""
    return rx.cond(
        AuthState.signed_in,
        rx.fragment(*children),
        rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
    )
