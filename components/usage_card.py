"""The account page's usage card: today's quotas (AI tokens, beats, uploads, release
packs, emails) and media storage, with when the quotas reset."""

from __future__ import annotations

import reflex as rx

from components.progress import progress_bar
from state.usage import UsageState


def _row(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row.label, size="2", weight="medium"),
            rx.spacer(),
            rx.text(row.used, " / ", row.limit, size="2", color_scheme="gray"),
            width="100%",
        ),
        progress_bar(row.percent, size="1", height="6px", label=row.label),
        spacing="1",
        width="100%",
        data_testid="quota-row",
    )


def usage_card() -> rx.Component:
    """Bind with `on_load=UsageState.load`."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("gauge"), rx.heading("Usage today", size="4"), align="center"),
            rx.text("Daily limits keep the hosted demo fast and cheap for everyone. They reset at ",
                    rx.text.strong(UsageState.resets_at), ".", size="2", color_scheme="gray"),
            rx.grid(rx.foreach(UsageState.rows, _row), columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%"),
            rx.divider(),
            rx.hstack(
                rx.icon("hard-drive", size=16),
                rx.text("Storage", size="2", weight="medium"),
                rx.spacer(),
                rx.text(UsageState.storage_text, size="2", color_scheme="gray", data_testid="storage-text"),
                width="100%",
                align="center",
            ),
            progress_bar(UsageState.storage_percent),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="usage-card",
    )
