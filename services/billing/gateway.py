"""Payments: the one interface the billing pages, the pricing page and the webhook route use.

Two adapters: `StripeGateway` (`services/billing/stripe_gateway.py`), chosen by the
registry when `STRIPE_SECRET_KEY` is set, and the built-in test gateway
`SandboxGateway` (`services/billing/sandbox/`), labelled "test mode — no money
moves", the offline default. Both deliver their events through the one webhook
handler (`services/billing/webhook.py`), so the plan is worked out one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from services.billing.prices import PlanPrice

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

    `configured`: whether checkout can start here; `test_mode`: no money moves (the
    pages say so). Methods raise `BillingError` with a message for the person;
    `handle_webhook` verifies and applies one notification from the payment provider
    and never raises for a bad delivery.
    """

    name: str
    label: str
    configured: bool
    test_mode: bool

    def now(self) -> datetime:
        """The provider's clock (the test gateway's can be moved ahead by operators)."""
        ...

    def prices(self) -> dict[str, PlanPrice]:
        """The Pro plan's price per interval ("month", "year")."""
        ...

    def start_checkout(self, user_id: int, interval: str) -> str:
        """The URL to send the person to, to subscribe to Pro monthly or yearly
        (for someone on Pro already: their portal, never a second checkout)."""
        ...

    def start_trial(self, user_id: int) -> str:
        """The URL that starts the person's one Pro trial (the caller checks it is their first)."""
        ...

    def portal_url(self, user_id: int) -> str:
        """The URL where the person manages their subscription and payment method."""
        ...

    def invoices(self, user_id: int, limit: int = 12) -> list[InvoiceRow]: ...

    def handle_webhook(self, payload: bytes, signature: str | None) -> WebhookResult: ...
