"""The account page's API tokens card: make a token (name, access per area, expiry), see
its secret once, list tokens with when each was last used, revoke one."""

from __future__ import annotations

import reflex as rx

from components.forms import field, form_error, labelled, select
from state.api_tokens import ACCESS_OPTIONS, AREA_LABELS, EXPIRY_OPTIONS, ApiTokensState


def _secret() -> rx.Component:
    return rx.cond(
        ApiTokensState.new_secret != "",
        rx.callout(
            rx.vstack(
                rx.text("Copy the token “", ApiTokensState.new_name, "” now: it is shown only this once.", weight="medium"),
                rx.code(ApiTokensState.new_secret, data_testid="token-secret", style={"word_break": "break-all"}),
                rx.hstack(
                    rx.button("Copy", size="1", variant="soft", on_click=rx.set_clipboard(ApiTokensState.new_secret)),
                    rx.button("I saved it", size="1", variant="outline", on_click=ApiTokensState.dismiss_secret,
                              data_testid="token-dismiss"),
                ),
                spacing="2",
            ),
            icon="key-round", color_scheme="green", width="100%",
        ),
        rx.fragment(),
    )


def _form() -> rx.Component:
    areas = [labelled(label, select(ACCESS_OPTIONS, name=area, default_value="none", testid=f"scope-{area}",
                                           label=f"{label}: access"))
             for area, label in AREA_LABELS]
    return rx.form(
        rx.vstack(
            form_error(rx.cond(ApiTokensState.error_field == "name", "", ApiTokensState.error), testid="token-error"),
            field("Token name", "name", ApiTokensState.error, ApiTokensState.error_field, placeholder="e.g. party bot",
                  data_testid="token-name"),
            rx.grid(*areas, columns=rx.breakpoints(initial="2", sm="3"), spacing="3", width="100%"),
            labelled("Expires", select(EXPIRY_OPTIONS, name="expires", default_value="never", testid="token-expires",
                                         label="Expires")),
            rx.button("Create token", type="submit", loading=ApiTokensState.busy, data_testid="token-create"),
            spacing="3", width="100%",
        ),
        on_submit=ApiTokensState.create, reset_on_submit=True, width="100%",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.name, weight="medium"), rx.text(row.prefix, size="1", color_scheme="gray")),
        rx.table.cell(rx.text(row.scopes, size="2")),
        rx.table.cell(rx.text(row.created, size="2")),
        rx.table.cell(rx.text(row.last_used, size="2", data_testid="token-last-used")),
        rx.table.cell(rx.cond(
            row.status == "active",
            rx.button("Revoke", size="1", color_scheme="red", variant="soft", on_click=ApiTokensState.revoke(row.id),
                      data_testid="token-revoke"),
            rx.badge(row.status, color_scheme="gray"),
        )),
        data_testid="token-row",
    )


def api_tokens_card() -> rx.Component:
    """Bind with `on_load=ApiTokensState.load`."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("key-round"), rx.heading("API tokens", size="4"), align="center"),
            rx.text("Personal access tokens let your scripts and bots use the API with the access you choose. ",
                    rx.link("API documentation", href="/api/docs", is_external=True), ".", size="2", color_scheme="gray"),
            _secret(),
            _form(),
            rx.cond(
                ApiTokensState.tokens.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in
                                                   ("Token", "Access", "Created", "Last used", "")))),
                    rx.table.body(rx.foreach(ApiTokensState.tokens, _row)),
                    width="100%", size="1",
                ),
                rx.text("No tokens yet.", size="2", color_scheme="gray"),
            ),
            spacing="3", width="100%",
        ),
        width="100%",
        data_testid="api-tokens-card",
    )
