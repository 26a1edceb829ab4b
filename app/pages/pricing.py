"""Pricing (`/pricing`, open to everyone): Free and Pro side by side, each limit and
feature, the price per interval, the trial, and one next step for this person."""

from __future__ import annotations

import reflex as rx

from components.forms import form_error
from components.layout import shell
from components.test_mode import test_mode_badge
from state.auth import AuthState
from state.pricing import PricingState


def _comparison() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell(""), rx.table.column_header_cell("Free"),
                                     rx.table.column_header_cell("Pro"))),
        rx.table.body(rx.foreach(PricingState.rows, lambda row: rx.table.row(
            rx.table.row_header_cell(row.feature),
            rx.table.cell(row.free),
            rx.table.cell(rx.text(row.pro, weight="medium")),
            data_testid="plan-row",
        ))),
        width="100%",
        data_testid="plan-comparison",
    )


def _buttons() -> rx.Component:
    upgrade = rx.hstack(
        rx.cond(PricingState.monthly_offered,
                rx.button("Upgrade · ", PricingState.monthly, on_click=PricingState.checkout("month"), size="3",
                          data_testid="pricing-month")),
        rx.cond(PricingState.yearly_offered,
                rx.button("Upgrade · ", PricingState.yearly, on_click=PricingState.checkout("year"), size="3",
                          variant="soft", data_testid="pricing-year")),
        rx.cond(PricingState.trial_available,
                rx.button("Try Pro free for ", PricingState.trial_days, " days", on_click=PricingState.trial, size="3",
                          variant="outline", data_testid="start-trial")),
        spacing="3",
        wrap="wrap",
    )
    return rx.match(
        PricingState.who,
        ("pro", rx.button("Manage your plan", on_click=PricingState.portal, size="3", data_testid="pricing-portal")),
        ("visitor", rx.hstack(rx.link(rx.button("Sign up free", size="3"), href="/signup?next=/pricing"),
                              rx.link(rx.button("Sign in", size="3", variant="soft"), href="/login?next=/pricing"),
                              spacing="3")),
        upgrade,
    )


@rx.page(route="/pricing", title="Pricing · Simple Balance Music", on_load=[AuthState.check_session, PricingState.load])
def pricing_page() -> rx.Component:
    return shell(
        rx.hstack(test_mode_badge(PricingState.test_mode), spacing="2"),
        rx.card(
            rx.vstack(
                rx.heading("Pro: ", PricingState.monthly, size="5", data_testid="pro-price"),
                rx.cond(PricingState.yearly_offered, rx.text("or ", PricingState.yearly, size="3", color_scheme="gray")),
                rx.text(PricingState.now_text, size="3", data_testid="pricing-now"),
                rx.cond(PricingState.test_mode,
                        rx.text("Payments here are in test mode: checkout takes Stripe's test card numbers and no "
                                "money moves.", size="2", color_scheme="gray")),
                rx.cond(PricingState.notice != "", rx.callout(PricingState.notice, icon="info", width="100%",
                                                              data_testid="pricing-notice")),
                form_error(PricingState.error, testid="pricing-error"),
                _buttons(),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        _comparison(),
        title="Plans and pricing",
    )
