"""Billing: plans and their limits, checkout and invoices will show here."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.empty_state import empty_state
from components.layout import shell, signed_in_only
from state.auth import AuthState


@rx.page(route="/billing", title="Billing · Simple Balance Music", on_load=AuthState.require_login)
def billing_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges('stripe'),
            empty_state(
                "credit-card",
                "You are on the Free plan",
                "Plans and their limits, checkout and invoices will show here. Payments are not configured on this instance yet.",
            ),
        ),
        title="Billing",
    )
