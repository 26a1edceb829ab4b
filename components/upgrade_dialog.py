"""The limit message shown when an action needs Pro: the limit reached, what Pro gives,
the price, and one button (checkout, or the portal for someone on Pro)."""

from __future__ import annotations

import reflex as rx

from components.forms import form_error
from components.test_mode import test_mode_badge
from state.upgrade import UpgradeState


def upgrade_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Upgrade to Pro"),
            rx.alert_dialog.description(UpgradeState.message, data_testid="upgrade-message"),
            rx.vstack(
                rx.text(UpgradeState.pro_gives, size="2", data_testid="upgrade-pro-gives"),
                rx.text(UpgradeState.price, size="2", weight="medium", data_testid="upgrade-price"),
                test_mode_badge(UpgradeState.test_mode),
                form_error(UpgradeState.error),
                spacing="2",
                margin_top="12px",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Not now", variant="soft", color_scheme="gray")),
                rx.button("See plans", variant="soft", on_click=UpgradeState.go_to_pricing, data_testid="upgrade-plans"),
                rx.cond(UpgradeState.action != "none",
                        rx.button(UpgradeState.action_label, on_click=UpgradeState.upgrade, data_testid="upgrade-go")),
                gap="3",
                justify="end",
                wrap="wrap",
                margin_top="16px",
            ),
            data_testid="upgrade-dialog",
        ),
        open=UpgradeState.open,
        on_open_change=UpgradeState.set_open,
    )
