"""The dashboard card of AI usage: this month's live calls, tokens and estimated cost
per task, and which composer is writing (OpenAI or the offline composer)."""

from __future__ import annotations

import reflex as rx

from state.ai_usage import AIUsageState


def _stat(label: str, value: rx.Var, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.text(value, size="5", weight="bold", data_testid=testid),
        spacing="0",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.task),
        rx.table.cell(row.calls),
        rx.table.cell(row.tokens),
        rx.table.cell(row.cost),
        data_testid="ai-usage-row",
    )


def ai_usage_card() -> rx.Component:
    """Bind with `on_load=AIUsageState.load` on the page that shows it."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("sparkles"),
                rx.heading("AI usage", size="4"),
                rx.spacer(),
                rx.badge(
                    AIUsageState.mode_label,
                    color_scheme=rx.cond(AIUsageState.live_mode, "green", "amber"),
                    variant="soft",
                    data_testid="ai-mode",
                ),
                align="center",
                width="100%",
            ),
            rx.cond(
                AIUsageState.live_mode,
                rx.text(f"Live calls this month ({AIUsageState.month}), with their estimated cost.", size="2", color_scheme="gray"),
                rx.text("Writing and embeddings run on the built-in offline models: they cost nothing.", size="2", color_scheme="gray"),
            ),
            rx.hstack(
                _stat("Calls", AIUsageState.calls, "ai-calls"),
                _stat("Tokens", AIUsageState.tokens, "ai-tokens"),
                _stat("Estimated cost", AIUsageState.cost, "ai-cost"),
                spacing="6",
            ),
            rx.cond(
                AIUsageState.rows.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(*(rx.table.column_header_cell(h) for h in ("Task", "Calls", "Tokens", "Cost")))
                    ),
                    rx.table.body(rx.foreach(AIUsageState.rows, _row)),
                    size="1",
                    width="100%",
                ),
            ),
            rx.cond(AIUsageState.note != "", rx.text(AIUsageState.note, size="1", color_scheme="gray")),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="ai-usage-card",
    )
