"""Tables of the usage counters: daily quota counters (`services.quotas`) and rate-limit
token buckets (`services.ratelimit`). They sit below both, and below the hosted demo
that tidies them (`services.hosting`), so none of these modules import each other in a circle."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.db import utcnow


class QuotaCounter(SQLModel, table=True):
    """How much of one quota `scope` used on one UTC day.

    `scope` is `user:<id>` for an account or `instance` for the whole instance, so
    the instance total survives the deletion of the accounts that used it.
    """

    __tablename__ = "quota_counter"

    day: str = Field(primary_key=True, max_length=10)  # "2026-11-22" (UTC)
    scope: str = Field(primary_key=True, max_length=40)
    kind: str = Field(primary_key=True, max_length=30)
    amount: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class RateBucket(SQLModel, table=True):
    """A token bucket of a rate limit (`key` = rule and who, e.g. `signup:ip:1.2.3.4`)."""

    __tablename__ = "rate_bucket"

    key: str = Field(primary_key=True, max_length=300)
    tokens: float
    updated: float  # epoch seconds of the last refill
