"""Billing: plans and limits, entitlements enforced in the services, and payments
(`payments()`: the registry's gateway, Stripe when keyed)."""

from __future__ import annotations

from services.billing.entitlements import (
    BillingStatus,
    UpgradeRequired,
    billing_status,
    claim,
    enforce,
    plan_for,
    record_use,
    set_plan_override,
)
from services.billing.gateway import BillingError, InvoiceRow, PaymentGateway, WebhookResult
from services.billing.plans import LIMITS, describe
from services.registry import registry


def payments() -> PaymentGateway:
    """The registry's payment gateway: Stripe when `STRIPE_SECRET_KEY` is set, else
    one that says payments are not configured."""
    gateway: PaymentGateway = registry.get("payments")
    return gateway


__all__ = [
    "LIMITS",
    "BillingError",
    "BillingStatus",
    "InvoiceRow",
    "PaymentGateway",
    "WebhookResult",
    "UpgradeRequired",
    "billing_status",
    "claim",
    "describe",
    "enforce",
    "payments",
    "plan_for",
    "record_use",
    "set_plan_override",
]
