"""What the billing page (`/billing`) shows: the plan, its renewal, its limits, the invoices."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from services import formatting
from services.billing.entitlements import billing_status
from services.billing import payments
from services.billing.plans import PLAN_TITLES, describe
from services.billing.trials import trial_available

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LimitLine:
    """One limit of the plan: "Worlds" / "3"."""

    feature: str
    allowance: str


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One Stripe invoice."""

    number: str
    date: str  # "4 Dec 2026"
    amount: str
    status: str
    url: str


@dataclass(frozen=True)
class BillingPage:
    """The billing page of one person."""

    plan: str  # free | pro
    plan_title: str
    source: str  # free | stripe | admin (an operator set it)
    status: str
    renews_at: str  # "" when the plan does not renew
    cancel_at_period_end: bool
    past_due: bool
    configured: bool  # checkout can start (always, with the test gateway)
    test_mode: bool  # the built-in test gateway: no money moves
    gateway_label: str  # "Stripe" | "Test mode — no money moves"
    trialing: bool
    trial_available: bool
    limits: list[LimitLine] = field(default_factory=list)
    invoices: list[InvoiceLine] = field(default_factory=list)


def billing_page(user_id: int) -> BillingPage:
    """Everything the page shows; Stripe being unreachable only leaves the invoices out."""
    status = billing_status(user_id)
    gateway = payments(user_id)
    try:
        invoices = [InvoiceLine(i.number, formatting.date(i.created), i.amount, i.status, i.url)
                    for i in gateway.invoices(user_id)]
    except Exception:
        log.warning("billing: the invoices of user %s could not be read from Stripe", user_id, exc_info=True)
        invoices = []
    return BillingPage(
        plan=status.plan,
        plan_title=PLAN_TITLES[status.plan],
        source=status.source,
        status=status.status,
        renews_at=formatting.date(status.renews_at) if status.renews_at else "",
        cancel_at_period_end=status.cancel_at_period_end,
        past_due=status.past_due,
        configured=gateway.configured,
        test_mode=gateway.test_mode,
        gateway_label=gateway.label,
        trialing=status.status == "trialing" and status.source == "stripe",
        trial_available=trial_available(user_id),
        limits=[LimitLine(name, allowance) for name, allowance in describe(status.plan)],
        invoices=invoices,
    )
