"""Billing with the real `stripe` library against a local fake Stripe API:
checkout, portal, and webhooks signed like Stripe signs them."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from services import accounts
from services.billing import BillingError, billing_status, payments
from services.config import get_settings
from tests.contract.fake_stripe import WEBHOOK_SECRET, FakeStripe, signed_event

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def fake() -> Iterator[FakeStripe]:
    api = FakeStripe().start()
    env = {
        "STRIPE_SECRET_KEY": "sk_test_fake", "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": api.url, "PRICE_PRO_MONTHLY": "price_month", "PRICE_PRO_YEARLY": "price_year",
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield api
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()
        api.stop()


def _user(email: str = "payer@example.com") -> int:
    user, _ = accounts.sign_up(email, "good pass 123")
    return user.id


def test_checkout_creates_the_customer_once_and_a_subscription_session(fake: FakeStripe) -> None:
    uid = _user()
    url = payments().start_checkout(uid, "month")
    assert url.startswith(f"{fake.url}/pay/cs_")
    payments().start_checkout(uid, "year")
    assert len(fake.customers) == 1
    sessions = fake.calls("POST", r"/v1/checkout/sessions")
    first = sessions[0].form()
    assert first["mode"] == "subscription" and first["client_reference_id"] == str(uid)
    assert first["line_items[0][price]"] == "price_month" and sessions[1].form()["line_items[0][price]"] == "price_year"
    assert first["success_url"].endswith("/billing?checkout=success")


def test_portal_needs_a_customer_first(fake: FakeStripe) -> None:
    uid = _user()
    with pytest.raises(BillingError, match="subscribe to Pro first"):
        payments().portal_url(uid)
    payments().start_checkout(uid, "month")
    assert payments().portal_url(uid).startswith("https://billing.stripe.test/")


def _subscribe(fake: FakeStripe, uid: int, status: str = "active", **kw: object) -> str:
    payments().start_checkout(uid, "month")
    customer = next(iter(fake.customers))
    fake.set_subscription("sub_1", customer, status, **kw)  # type: ignore[arg-type]
    return customer


def test_completed_checkout_makes_the_account_pro(fake: FakeStripe) -> None:
    uid = _user()
    customer = _subscribe(fake, uid)
    body, sig = signed_event("checkout.session.completed", {"id": "cs_1", "object": "checkout.session", "customer": customer, "subscription": "sub_1", "client_reference_id": str(uid)})
    assert payments().handle_webhook(body, sig).status_code == 200
    status = billing_status(uid)
    assert status.plan == "pro" and status.source == "stripe" and status.renews_at is not None


def test_updated_before_created_still_ends_in_the_current_state(fake: FakeStripe) -> None:
    uid = _user()
    customer = _subscribe(fake, uid, cancel_at_period_end=True)
    sub = fake.subscriptions["sub_1"]
    # Stripe delivers "updated" first, then the older "created" event: both re-read the subscription.
    for etype in ("customer.subscription.updated", "customer.subscription.created"):
        body, sig = signed_event(etype, {**sub, "status": "incomplete"})
        assert payments().handle_webhook(body, sig).status_code == 200
    status = billing_status(uid)
    assert status.plan == "pro" and status.cancel_at_period_end
    assert customer in fake.customers


def test_past_due_keeps_pro_with_a_flag_and_deleted_returns_to_free(fake: FakeStripe) -> None:
    uid = _user()
    customer = _subscribe(fake, uid, status="past_due")
    body, sig = signed_event("invoice.payment_failed", {"id": "in_1", "object": "invoice", "customer": customer, "subscription": "sub_1"})
    payments().handle_webhook(body, sig)
    assert billing_status(uid).past_due and billing_status(uid).plan == "pro"
    fake.set_subscription("sub_1", customer, "canceled")
    body, sig = signed_event("customer.subscription.deleted", fake.subscriptions["sub_1"])
    payments().handle_webhook(body, sig)
    assert billing_status(uid).plan == "free"


def test_duplicate_delivery_is_a_no_op(fake: FakeStripe) -> None:
    uid = _user()
    customer = _subscribe(fake, uid)
    body, sig = signed_event("customer.subscription.created", fake.subscriptions["sub_1"], event_id="evt_same")
    assert payments().handle_webhook(body, sig).message.startswith("user")
    fake.set_subscription("sub_1", customer, "canceled")
    assert payments().handle_webhook(body, sig).message == "duplicate delivery ignored"
    assert billing_status(uid).plan == "pro"  # the repeat did not re-read the (now canceled) subscription


@pytest.mark.parametrize(
    ("case", "expected"),
    [("tampered", 400), ("wrong secret", 400), ("stale", 400), ("no signature", 400)],
)
def test_bad_signatures_are_refused(fake: FakeStripe, case: str, expected: int) -> None:
    uid = _user()
    _subscribe(fake, uid)
    obj = fake.subscriptions["sub_1"]
    if case == "wrong secret":
        body, sig = signed_event("customer.subscription.created", obj, secret="whsec_other")
    elif case == "stale":
        body, sig = signed_event("customer.subscription.created", obj, timestamp=1_000_000)
    else:
        body, sig = signed_event("customer.subscription.created", obj)
    if case == "tampered":
        body = body.replace(b'"active"', b'"trialing"')
    result = payments().handle_webhook(body, "" if case == "no signature" else sig)
    assert result.status_code == expected
    assert billing_status(uid).plan == "free"


def test_unknown_customer_is_logged_and_accepted(fake: FakeStripe) -> None:
    fake.set_subscription("sub_9", "cus_nobody", "active")
    body, sig = signed_event("customer.subscription.updated", fake.subscriptions["sub_9"])
    result = payments().handle_webhook(body, sig)
    assert result.status_code == 200 and result.message == "unknown customer"


def test_invoices_are_listed_for_the_customer(fake: FakeStripe) -> None:
    uid = _user()
    customer = _subscribe(fake, uid)
    fake.invoices.append({"id": "in_7", "object": "invoice", "customer": customer, "number": "SBM-0007", "created": 1_760_000_000,
                          "amount_paid": 900, "currency": "usd", "status": "paid", "hosted_invoice_url": "https://inv.test/7"})
    rows = payments().invoices(uid)
    assert [(r.number, r.amount, r.status) for r in rows] == [("SBM-0007", "9.00 USD", "paid")]
