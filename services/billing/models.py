"""Billing tables: Stripe customers, subscriptions as last read from Stripe, processed
webhook events, and admin plan overrides for demos."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class BillingCustomer(SQLModel, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    stripe_customer_id: str = Field(index=True, unique=True, max_length=100)
    created_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A subscription's current state, always re-read from Stripe (never from event order)."""

    stripe_subscription_id: str = Field(primary_key=True, max_length=100)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=30)
    price_id: str = Field(default="", max_length=100)
    interval: str = Field(default="", max_length=10)
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class WebhookEvent(SQLModel, table=True):
    """Every Stripe event id handled, so a repeated delivery is a no-op."""

    id: str = Field(primary_key=True, max_length=100)
    type: str = Field(max_length=100)
    received_at: datetime = Field(default_factory=utcnow)
    outcome: str = Field(default="", max_length=300)


class PlanOverride(SQLModel, table=True):
    """A plan set by an operator (`python -m app.cli plan set EMAIL pro`), for demos."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    plan: str = Field(max_length=10)
    updated_at: datetime = Field(default_factory=utcnow)


class UsageEvent(SQLModel, table=True):
    """A counted use of a per-day limit (release packs)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=50, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)


class BillingTrial(SQLModel, table=True):
    """The one Pro trial an account may take: recorded when a trialing subscription
    first reaches the webhook handler (either gateway); `reminded_at` once the
    "ends in 2 days" mail went out."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    started_at: datetime = Field(default_factory=utcnow)
    ends_at: datetime | None = None
    reminded_at: datetime | None = None
