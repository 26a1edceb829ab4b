"""The account page's webhook card: an address and the events to send there, the signing
secret shown once, and the delivery log (what was sent, answered, retried or failed)."""

from __future__ import annotations

import reflex as rx

from components.forms import form_error, labelled
from state.webhooks import EVENT_LABELS, WebhooksState


def _log_row(row: rx.Var) -> rx.Component:
    colour = rx.match(row.status, ("delivered", "green"), ("failed", "red"), "amber")
    return rx.table.row(
        rx.table.cell(rx.text(row.event, size="2")),
        rx.table.cell(rx.badge(row.status, color_scheme=colour)),
        rx.table.cell(rx.text(row.detail, size="1", color_scheme="gray")),
        rx.table.cell(rx.text(row.when, size="1")),
        data_testid="webhook-log-row",
    )


def webhooks_card() -> rx.Component:
    """Bind with `on_load=WebhooksState.load`."""
    boxes = [rx.checkbox(label, name=f"event-{key}", default_checked=WebhooksState.events.contains(key),
                         data_testid=f"webhook-event-{key}") for key, label in EVENT_LABELS]
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("webhook"), rx.heading("Webhooks", size="4"), align="center"),
            rx.text("Optional: we POST a signed JSON event to your address (header SBM-Signature: "
                    "t=…,v1=HMAC-SHA256 of “t.body”), retrying for about an hour if it does not answer 2xx.",
                    size="2", color_scheme="gray"),
            rx.cond(WebhooksState.secret != "", rx.callout(
                rx.vstack(rx.text("Signing secret (shown once):", weight="medium"),
                          rx.code(WebhooksState.secret, data_testid="webhook-secret", style={"word_break": "break-all"})),
                icon="key-round", color_scheme="green", width="100%"), rx.fragment()),
            rx.form(
                rx.vstack(
                    form_error(WebhooksState.error, testid="webhook-error"),
                    labelled("Address", rx.input(name="url", default_value=WebhooksState.url, placeholder="https://example.com/hooks",
                                                 width="100%", data_testid="webhook-url"), width="100%"),
                    rx.vstack(*boxes, spacing="1"),
                    rx.hstack(
                        rx.button("Save", type="submit", data_testid="webhook-save"),
                        rx.cond(WebhooksState.url != "", rx.button("Stop sending", type="button", variant="soft", color_scheme="red",
                                                                   on_click=WebhooksState.remove), rx.fragment()),
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=WebhooksState.save, width="100%", key=WebhooksState.url,
            ),
            rx.cond(
                WebhooksState.rows.length() > 0,
                rx.vstack(
                    rx.hstack(rx.text("Deliveries", weight="medium", size="2"), rx.spacer(),
                              rx.button("Refresh", size="1", variant="ghost", on_click=WebhooksState.refresh_log), width="100%"),
                    rx.table.root(rx.table.body(rx.foreach(WebhooksState.rows, _log_row)), size="1", width="100%"),
                    width="100%",
                ),
                rx.fragment(),
            ),
            spacing="3", width="100%",
        ),
        width="100%",
        data_testid="webhooks-card",
    )
