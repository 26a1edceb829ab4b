"""Billing: plans and limits, entitlements enforced in the services, and payments
(`payments()`: the registry's gateway, Stripe when keyed, else the built-in test gateway)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from services import storage
from services.registry import registry

if TYPE_CHECKING:
    from services.billing.sandbox.gateway import SandboxGateway


def payments(user_id: int | None = None) -> PaymentGateway:
    """The registry's payment gateway: Stripe when `STRIPE_SECRET_KEY` is set, else the
    built-in test gateway ("test mode — no money moves"). A demo account always gets
    the test gateway, so demo visitors try Pro without paying, each in their own account."""
    gateway: PaymentGateway = registry.get("payments")
    if user_id is not None and not gateway.test_mode and _is_demo(user_id):
        gateway = registry.offline("payments")
    return gateway


def sandbox_gateway(user_id: int | None = None) -> SandboxGateway:
    """The test gateway when it serves this person (test checkout and portal pages, the
    test clock); `BillingError` when real payments do."""
    from services.billing.sandbox.gateway import SandboxGateway

    gateway = payments(user_id)
    if not isinstance(gateway, SandboxGateway):
        raise BillingError("Payments are live on this instance: the test checkout is closed.")
    return gateway


def _is_demo(user_id: int) -> bool:
    from services.accounts.models import User
    from services.db import session_scope

    with session_scope() as db:
        user = db.get(User, user_id)
        return bool(user and user.is_demo)


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
    "sandbox_gateway",
    "plan_for",
    "record_use",
    "set_plan_override",
]


storage.use_plans(plan_for)  # storage per plan (`STORAGE_QUOTA_MB` / `STORAGE_QUOTA_MB_PRO`)
