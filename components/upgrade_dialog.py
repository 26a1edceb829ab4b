"""The dialog shown when an action needs the Pro plan; it names the limit reached."""

from __future__ import annotations

import reflex as rx

from state.upgrade import UpgradeState


def upgrade_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Upgrade to Pro"),
            rx.alert_dialog.description(UpgradeState.message, data_testid="upgrade-message"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Not now", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("See plans", on_click=UpgradeState.go_to_billing)),
                gap="3",
                justify="end",
                margin_top="16px",
            ),
            data_testid="upgrade-dialog",
        ),
        open=UpgradeState.open,
        on_open_change=UpgradeState.set_open,
    )
