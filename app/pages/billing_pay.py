"""The test gateway's own pages: checkout (`/billing/checkout/<session>`) and the
customer portal (`/billing/portal`), both labelled "test mode — no money moves"."""

from __future__ import annotations

import reflex as rx

from components.forms import form_error
from components.layout import shell, signed_in_only
from components.test_mode import card_form, test_cards, test_mode_badge
from state.auth import AuthState
from state.sandbox_pay import SandboxCheckoutState as C
from state.sandbox_pay import SandboxPortalState as P


def _pay_form() -> rx.Component:
    return rx.vstack(
        card_form(C.pay, C.error, C.error_field, "Pay", "pay"),
        form_error(rx.cond(C.error_field == "", C.error, ""), testid="checkout-error"),
        test_cards(C.test_cards),
        rx.link("Cancel and go back", href="/pricing?checkout=cancel", size="2", data_testid="checkout-cancel"),
        spacing="4",
        width="100%",
    )


def _authenticate() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text("Your bank asks you to confirm this payment (3-D Secure, test mode) for the card ending ",
                    C.pending_last4, "."),
            rx.hstack(
                rx.button("Complete authentication", on_click=C.confirm(True), data_testid="3ds-complete"),
                rx.button("Fail authentication", variant="soft", color_scheme="red", on_click=C.confirm(False),
                          data_testid="3ds-fail"),
                spacing="3",
            ),
            spacing="3",
        ),
        icon="shield-check",
        width="100%",
        data_testid="3ds-step",
    )


@rx.page(route="/billing/checkout/[checkout_id]", title="Checkout (test mode) · Simple Balance Music",
         on_load=[AuthState.require_login, C.load])
def checkout_page() -> rx.Component:
    return shell(
        signed_in_only(
            test_mode_badge(),
            rx.card(
                rx.vstack(
                    rx.heading("Simple Balance Pro · ", C.price, size="5", data_testid="checkout-price"),
                    rx.match(
                        C.status,
                        ("open", _pay_form()),
                        ("requires_action", rx.vstack(_authenticate(), form_error(C.error), width="100%")),
                        ("complete", rx.text("This checkout is paid. ", rx.link("See your plan", href="/billing"))),
                        rx.vstack(form_error(C.error, testid="checkout-error"),
                                  rx.link("Back to the plans", href="/pricing"), width="100%"),
                    ),
                    spacing="4",
                    width="100%",
                    max_width="480px",
                ),
                width="100%",
            ),
        ),
        title="Checkout",
    )


def _subscription() -> rx.Component:
    return rx.vstack(
        rx.text(rx.match(P.status, ("trialing", "Pro trial"), ("past_due", "Pro — payment failed"), "Pro"),
                " · ", P.interval, "ly", size="3", weight="medium", data_testid="portal-plan"),
        rx.text(rx.cond(P.cancel_at_period_end, "Ends on ", "Renews on "), P.period_end, size="2",
                data_testid="portal-period"),
        rx.cond(P.card != "", rx.text("Card ending ", P.card, size="2", data_testid="portal-card"),
                rx.text("No card on file", size="2", data_testid="portal-card")),
        rx.hstack(
            rx.cond(P.cancel_at_period_end,
                    rx.button("Resume", on_click=P.resume, data_testid="portal-resume"),
                    rx.button("Cancel at period end", color_scheme="red", variant="soft", on_click=P.cancel,
                              data_testid="portal-cancel")),
            rx.cond(P.other_price != "",
                    rx.button("Switch to ", P.other_interval, "ly · ", P.other_price, variant="outline",
                              on_click=P.change_plan, data_testid="portal-switch")),
            spacing="3",
            wrap="wrap",
        ),
        spacing="2",
        width="100%",
    )


def _invoices() -> rx.Component:
    return rx.table.root(
        rx.table.body(rx.foreach(P.invoices, lambda inv: rx.table.row(
            rx.table.cell(inv.date), rx.table.cell(inv.number), rx.table.cell(inv.amount),
            rx.table.cell(rx.badge(inv.status)), data_testid="portal-invoice"))),
        width="100%",
    )


@rx.page(route="/billing/portal", title="Billing portal (test mode) · Simple Balance Music",
         on_load=[AuthState.require_login, P.load])
def portal_page() -> rx.Component:
    return shell(
        signed_in_only(
            test_mode_badge(),
            rx.cond(P.message != "", rx.callout(P.message, icon="check", color_scheme="green", width="100%",
                                                 data_testid="portal-message")),
            form_error(rx.cond(P.error_field == "", P.error, ""), testid="portal-error"),
            rx.card(rx.cond(P.has_subscription, _subscription(),
                            rx.text("No subscription: ", rx.link("see the plans", href="/pricing"))), width="100%"),
            rx.card(rx.vstack(rx.heading("Update card", size="3"),
                              card_form(P.update_card, P.error, P.error_field, "Save card", "save-card"),
                              width="100%", max_width="480px"), width="100%"),
            rx.cond(P.invoices.length() > 0, rx.card(rx.vstack(rx.heading("Invoices", size="3"), _invoices()),
                                                     width="100%")),
            rx.link("Back to billing", href="/billing"),
        ),
        title="Billing portal",
    )
