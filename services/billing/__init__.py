"""Billing: plans and limits, entitlements enforced in the services, Stripe."""

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
from services.billing.plans import LIMITS, describe

__all__ = [
    "LIMITS",
    "BillingStatus",
    "UpgradeRequired",
    "billing_status",
    "claim",
    "describe",
    "enforce",
    "plan_for",
    "record_use",
    "set_plan_override",
]
