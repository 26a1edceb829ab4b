"""The label every test-mode payment page carries, and the list of test cards."""

from __future__ import annotations

import reflex as rx


def test_mode_badge(shown: rx.Var[bool] | bool = True) -> rx.Component:
    """"Test mode — no money moves" while `shown` holds."""
    return rx.cond(
        shown,
        rx.badge(rx.icon("flask-conical", size=14), "Test mode — no money moves", color_scheme="amber", size="2",
                 variant="surface", data_testid="test-mode-badge"),
        rx.fragment(),
    )


def test_cards(cards: rx.Var[list[list[str]]]) -> rx.Component:
    """Stripe's test card numbers and what each does (any future expiry, any CVC)."""
    return rx.vstack(
        rx.text("Test cards (any future expiry date, any 3-digit CVC):", size="2", weight="medium"),
        rx.foreach(cards, lambda card: rx.hstack(rx.code(card[0]), rx.text(card[1], size="2", color_scheme="gray"),
                                                 spacing="2", align="center")),
        spacing="1",
        data_testid="test-cards",
    )


def card_form(on_submit: rx.EventHandler, error: rx.Var[str], error_field: rx.Var[str], submit_label: str,
              testid: str) -> rx.Component:
    """Card number, expiry and CVC; the field at fault shows the error."""
    from components.forms import field

    return rx.form(
        rx.vstack(
            field("Card number", "card_number", error, error_field, placeholder="4242 4242 4242 4242",
                  auto_complete="off", input_mode="numeric"),
            rx.hstack(
                field("Expiry (MM/YY)", "card_expiry", error, error_field, placeholder="12/34", auto_complete="off"),
                field("CVC", "card_cvc", error, error_field, placeholder="123", auto_complete="off", input_mode="numeric"),
                spacing="3", width="100%",
            ),
            rx.button(submit_label, type="submit", size="3", width="100%", data_testid=testid),
            spacing="3", width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        width="100%",
    )
