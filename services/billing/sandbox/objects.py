"""Stripe-shaped objects and events of the test gateway, signed as Stripe signs them.

The webhook handler reads subscriptions, invoices and checkout sessions the way Stripe
sends them (API version 2025-01-01: the period end on the subscription item, the
invoice's subscription under `parent`), so these are those shapes with
`livemode: false`. Events are signed `t=…,v1=HMAC-SHA256(secret, "t.body")`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from services.billing.sandbox.models import SandboxCheckout, SandboxInvoice, SandboxSubscription
from services.db import as_utc

API_VERSION = "2025-01-01"


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(8)}"


def ts(value: datetime | None) -> int | None:
    moment = as_utc(value)
    return int(moment.timestamp()) if moment else None


def period_after(start: datetime, interval: str) -> datetime:
    """One billing period later (a month is 30 days, a year 365, as the test clock counts)."""
    return start + timedelta(days=365 if interval == "year" else 30)


def subscription(row: SandboxSubscription) -> dict[str, Any]:
    price = {"id": f"price_test_pro_{row.interval}", "object": "price", "unit_amount": row.amount_cents,
             "currency": row.currency.lower(), "recurring": {"interval": row.interval}}
    return {
        "id": row.id, "object": "subscription", "customer": row.customer_id, "status": row.status,
        "cancel_at_period_end": row.cancel_at_period_end, "livemode": False,
        "metadata": {"user_id": str(row.user_id)}, "trial_end": ts(row.trial_end), "created": ts(row.created_at),
        "items": {"object": "list", "data": [{
            "id": f"si_{row.id}", "object": "subscription_item", "price": price,
            "current_period_start": ts(row.current_period_start), "current_period_end": ts(row.current_period_end),
        }]},
    }


def invoice(row: SandboxInvoice) -> dict[str, Any]:
    return {
        "id": row.id, "object": "invoice", "number": row.number, "customer": row.customer_id,
        "status": row.status, "amount_due": row.amount_cents, "amount_paid": row.amount_cents if row.status == "paid" else 0,
        "currency": row.currency.lower(), "created": ts(row.created), "livemode": False, "hosted_invoice_url": "",
        "period_start": ts(row.period_start), "period_end": ts(row.period_end),
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": row.subscription_id}},
    }


def checkout_session(row: SandboxCheckout, subscription_id: str) -> dict[str, Any]:
    return {
        "id": row.id, "object": "checkout.session", "mode": "subscription", "status": "complete",
        "customer": row.customer_id, "client_reference_id": str(row.user_id), "subscription": subscription_id,
        "livemode": False,
    }


def event(event_type: str, obj: dict[str, Any]) -> bytes:
    return json.dumps({
        "id": new_id("evt"), "object": "event", "type": event_type, "api_version": API_VERSION,
        "created": int(time.time()), "livemode": False, "data": {"object": obj},
    }).encode()


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header for `body` (timestamp: now, as Stripe's tolerance wants)."""
    moment = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={mac}"


def webhook_secret(secret_key: str) -> str:
    """This instance's test-mode webhook secret, derived from `SECRET_KEY` (never shown)."""
    return "whsec_test_" + hmac.new(secret_key.encode(), b"sandbox-webhook", hashlib.sha256).hexdigest()[:40]
