"""Billing: the plan, its limits, renewal, the trial, invoices, checkout and the portal
(Stripe when keyed, else the built-in test gateway, labelled)."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.forms import form_error
from components.layout import shell, signed_in_only
from components.test_mode import test_mode_badge
from state.auth import AuthState
from state.billing import BillingState


def _plan_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Your plan:", size="5"),
                rx.badge(BillingState.plan_title, size="3", color_scheme=rx.cond(BillingState.plan == "pro", "violet", "gray"), data_testid="plan-name"),
                rx.cond(BillingState.source == "admin", rx.badge("set by an operator", variant="outline"), rx.fragment()),
                rx.cond(BillingState.trialing, rx.badge("Trial", color_scheme="amber", data_testid="trial-badge")),
                align="center",
                spacing="3",
            ),
            rx.cond(
                BillingState.renews_at != "",
                rx.text(
                    rx.cond(BillingState.trialing, "Trial ends on ",
                            rx.cond(BillingState.cancel_at_period_end, "Ends on ", "Renews on ")),
                    rx.text.strong(BillingState.renews_at),
                    size="2",
                    data_testid="renewal",
                ),
                rx.fragment(),
            ),
            rx.table.root(
                rx.table.body(
                    rx.foreach(
                        BillingState.limits,
                        lambda row: rx.table.row(rx.table.cell(row.feature), rx.table.cell(rx.text(row.allowance, weight="medium"))),
                    )
                ),
                size="1",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.cond(
            BillingState.plan == "free",
            rx.fragment(
                rx.button("Upgrade to Pro · monthly", on_click=BillingState.checkout("month"), data_testid="checkout-month"),
                rx.button("Upgrade to Pro · yearly", variant="soft", on_click=BillingState.checkout("year")),
                rx.cond(BillingState.trial_available,
                        rx.button("Try Pro free", variant="outline", on_click=BillingState.trial, data_testid="billing-trial")),
            ),
            rx.button("Manage billing", variant="outline", on_click=BillingState.portal, data_testid="portal"),
        ),
        rx.link(rx.button("Compare plans", variant="ghost"), href="/pricing"),
        spacing="3",
        wrap="wrap",
    )


def _invoices() -> rx.Component:
    return rx.cond(
        BillingState.invoices.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("Invoices", size="4"),
                rx.table.root(
                    rx.table.body(
                        rx.foreach(
                            BillingState.invoices,
                            lambda inv: rx.table.row(
                                rx.table.cell(inv.date),
                                rx.table.cell(inv.number),
                                rx.table.cell(inv.amount),
                                rx.table.cell(rx.badge(inv.status)),
                                rx.table.cell(rx.cond(inv.url != "", rx.link("View", href=inv.url, is_external=True))),
                            ),
                        )
                    ),
                    width="100%",
                ),
                width="100%",
            ),
            width="100%",
        ),
        rx.fragment(),
    )


@rx.page(route="/billing", title="Billing · Simple Balance Music", on_load=[AuthState.require_login, BillingState.load])
def billing_page() -> rx.Component:
    return shell(
        signed_in_only(
            rx.hstack(mode_badges("stripe"), test_mode_badge(BillingState.test_mode), spacing="2", wrap="wrap"),
            rx.cond(BillingState.notice != "", rx.callout(BillingState.notice, icon="check", color_scheme="green",
                                                          width="100%", data_testid="billing-notice")),
            rx.cond(
                BillingState.past_due,
                rx.callout("Your last payment failed. Update your payment method to keep Pro.", icon="triangle-alert", color_scheme="red", width="100%", data_testid="past-due"),
                rx.fragment(),
            ),
            form_error(BillingState.error),
            _plan_card(),
            _actions(),
            _invoices(),
        ),
        title="Billing",
    )
