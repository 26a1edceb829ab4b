"""Payments: the one interface the billing page and the webhook route use.

`StripeGateway` (`services/billing/stripe_gateway.py`) is the live adapter, chosen by
the registry when `STRIPE_SECRET_KEY` is set. Without keys the registry hands out
`PaymentsNotConfigured`, which says so plainly; the built-in offline test gateway of
the plans-and-upgrade work takes this slot (one line in `services/registry/table.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

NOT_CONFIGURED = "Payments are not configured on this instance."


class BillingError(Exception):
    """A billing problem a person can understand."""


@dataclass(frozen=True)
class WebhookResult:
    status_code: int
    message: str


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    created: datetime
    amount: str
    status: str
    url: str


@runtime_checkable
class PaymentGateway(Protocol):
    """Takes payments for the Pro plan and tells the app what was paid.

    `configured`: whether checkout can start here. Methods raise `BillingError` with a
    message for the person; `handle_webhook` verifies and applies one notification
    from the payment provider and never raises for a bad delivery.
    """

    name: str
    configured: bool

    def start_checkout(self, user_id: int, interval: str) -> str:
        """The URL to send the person to, to subscribe to Pro monthly or yearly."""
        ...

    def portal_url(self, user_id: int) -> str:
        """The URL where the person manages their subscription and payment method."""
        ...

    def invoices(self, user_id: int, limit: int = 12) -> list[InvoiceRow]: ...

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult: ...


class PaymentsNotConfigured:
    """No payment provider: checkout and the portal are refused with a clear message."""

    name = "none"
    configured = False

    def start_checkout(self, user_id: int, interval: str) -> str:
        raise BillingError(NOT_CONFIGURED)

    def portal_url(self, user_id: int) -> str:
        raise BillingError(NOT_CONFIGURED)

    def invoices(self, user_id: int, limit: int = 12) -> list[InvoiceRow]:
        return []

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult:
        return WebhookResult(400, "webhooks are not configured")
