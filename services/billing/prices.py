"""The Pro plan's price per interval, as every page shows it.

Without Stripe keys the price comes from the settings (`PLAN_PRO_MONTHLY_AMOUNT`,
`PLAN_PRO_YEARLY_AMOUNT`, `PLAN_CURRENCY`), which the built-in test gateway also
charges; with keys the Stripe adapter reads its prices back from Stripe. An interval
without a price is not offered, and says so, rather than showing a made-up figure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from services import formatting
from services.config import Settings

log = logging.getLogger(__name__)

INTERVALS = ("month", "year")
INTERVAL_WORDS = {"month": "a month", "year": "a year"}


@dataclass(frozen=True, slots=True)
class PlanPrice:
    """One interval's price: `cents` is None when no price is set for it."""

    interval: str
    cents: int | None
    currency: str

    @property
    def offered(self) -> bool:
        return self.cents is not None and self.cents > 0

    @property
    def amount(self) -> str:
        """"€9.00" (the currency's own decimals), or "" when not offered."""
        return formatting.money(Decimal(self.cents or 0) / 100, self.currency) if self.offered else ""

    @property
    def text(self) -> str:
        """"€9.00 a month", or what the page says when the interval has no price."""
        if not self.offered:
            return f"no {self.interval}ly price is set on this instance"
        return f"{self.amount} {INTERVAL_WORDS.get(self.interval, 'per ' + self.interval)}"


def cents_of(amount: str) -> int | None:
    """"9.00" → 900; empty, zero, negative or unreadable → None (the interval is not offered)."""
    try:
        value = Decimal(amount.strip())
    except (InvalidOperation, AttributeError):
        if amount and amount.strip():
            log.warning("billing: the plan price %r is not a number; that interval is not offered", amount)
        return None
    return int((value * 100).to_integral_value()) if value > 0 else None


def settings_prices(settings: Settings) -> dict[str, PlanPrice]:
    """The prices the settings name, per interval."""
    currency = (settings.plan_currency or "EUR").strip().upper()[:3]
    return {
        "month": PlanPrice("month", cents_of(settings.plan_pro_monthly_amount), currency),
        "year": PlanPrice("year", cents_of(settings.plan_pro_yearly_amount), currency),
    }
