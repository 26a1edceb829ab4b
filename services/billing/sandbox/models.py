"""The built-in test gateway's own records: what Stripe keeps on its side (customers
with their card, checkout sessions, subscriptions, invoices) and the test clock.

The app's plan never reads these tables: it reads `Subscription`, written only by the
webhook handler from the events this gateway signs, exactly as with Stripe.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class SandboxCustomer(SQLModel, table=True):
    """A test-mode customer and its card on file (only the last four digits are kept)."""

    id: str = Field(primary_key=True, max_length=40)
    user_id: int = Field(foreign_key="user.id", index=True, unique=True, ondelete="CASCADE")
    card_last4: str = Field(default="", max_length=4)
    card_fails: bool = False  # 4000000000000341: attached fine, every later charge is declined
    created_at: datetime = Field(default_factory=utcnow)


class SandboxCheckout(SQLModel, table=True):
    """A test checkout session: open → (requires_action) → complete, or expired after 24 hours."""

    id: str = Field(primary_key=True, max_length=40)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    customer_id: str = Field(max_length=40)
    interval: str = Field(max_length=10)
    status: str = Field(default="open", max_length=20)
    pending_last4: str = Field(default="", max_length=4)  # the card waiting for its 3-D Secure step
    created_at: datetime = Field(default_factory=utcnow)


class SandboxSubscription(SQLModel, table=True):
    """A test-mode subscription as the provider holds it (times on the test clock)."""

    id: str = Field(primary_key=True, max_length=40)
    customer_id: str = Field(max_length=40, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=20)  # trialing | active | past_due | canceled
    interval: str = Field(max_length=10)
    amount_cents: int = 0
    currency: str = Field(default="EUR", max_length=3)
    current_period_start: datetime = Field(default_factory=utcnow)
    current_period_end: datetime = Field(default_factory=utcnow)
    cancel_at_period_end: bool = False
    trial_end: datetime | None = None
    failed_since: datetime | None = None  # the first failed renewal of the current past_due spell
    created_at: datetime = Field(default_factory=utcnow)


class SandboxInvoice(SQLModel, table=True):
    """A test-mode invoice: paid, or open while a renewal keeps failing (void when given up)."""

    id: str = Field(primary_key=True, max_length=40)
    number: str = Field(max_length=30)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    customer_id: str = Field(max_length=40)
    subscription_id: str = Field(max_length=40, index=True)
    amount_cents: int = 0
    currency: str = Field(default="EUR", max_length=3)
    status: str = Field(max_length=10)  # paid | open | void
    created: datetime = Field(default_factory=utcnow)
    period_start: datetime = Field(default_factory=utcnow)
    period_end: datetime = Field(default_factory=utcnow)


class SandboxClock(SQLModel, table=True):
    """How far operators moved the test clock ahead of real time (one row)."""

    id: int = Field(default=1, primary_key=True)
    offset_seconds: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
