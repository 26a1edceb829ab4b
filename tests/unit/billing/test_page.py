"""What the billing page shows: plan, renewal, limits, and invoices only when Stripe answers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services import accounts
from services.billing import page as page_module
from services.billing import set_plan_override
from services.billing.models import Subscription
from services.billing.page import LimitLine, billing_page
from services.db import session_scope

pytestmark = pytest.mark.usefixtures("db")


def _user() -> int:
    return accounts.sign_up(f"b{id(object())}@example.com", "good pass 123")[0].id


def test_a_free_account_sees_its_limits_and_the_labelled_test_gateway() -> None:
    page = billing_page(_user())
    assert (page.plan, page.plan_title, page.source, page.renews_at) == ("free", "Free", "free", "")
    assert page.configured and page.test_mode and page.gateway_label == "Test mode — no money moves"
    assert page.trial_available and not page.trialing
    assert LimitLine("People in a party room", "10") in page.limits and page.invoices == []


def test_a_renewing_subscription_and_an_operators_plan() -> None:
    uid = _user()
    with session_scope() as db:
        db.add(Subscription(stripe_subscription_id="sub_r", user_id=uid, status="past_due", cancel_at_period_end=True,
                            current_period_end=datetime(2026, 12, 4, 23, 0, tzinfo=timezone.utc)))
    page = billing_page(uid)
    assert (page.plan, page.renews_at, page.cancel_at_period_end, page.past_due) == ("pro", "4 Dec 2026", True, True)
    assert all(line.allowance == "unlimited (fair use)" for line in page.limits)
    with session_scope() as db:
        set_plan_override(db, uid, "free")
    assert (billing_page(uid).plan, billing_page(uid).source) == ("free", "admin")


def test_stripe_failing_leaves_only_the_invoices_out(monkeypatch: pytest.MonkeyPatch) -> None:
    class Down:
        """A configured gateway whose provider does not answer."""

        configured = True
        test_mode = False
        label = "Stripe"

        def invoices(self, user_id: int) -> list:
            raise ConnectionError("stripe is down")

    monkeypatch.setattr(page_module, "payments", lambda user_id=None: Down())
    page = billing_page(_user())
    assert page.invoices == [] and page.plan == "free" and page.limits
