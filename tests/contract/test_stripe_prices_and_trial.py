"""Stripe live: the pricing page reads its prices from Stripe (the settings' figures when
Stripe cannot be read), the trial is a Checkout with `trial_period_days`, and a demo
account still pays in test mode, isolated to itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services import accounts
from services.billing import payments
from services.billing.pricing import pricing
from services.billing.trials import start_trial
from services.accounts.models import User
from services.db import session_scope
from tests.contract.fake_stripe import WEBHOOK_SECRET, FakeStripe

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def fake(settings) -> Iterator[FakeStripe]:  # type: ignore[no-untyped-def]
    api = FakeStripe().start()
    settings(STRIPE_SECRET_KEY="sk_test_fake", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=api.url,
             PRICE_PRO_MONTHLY="price_month", PRICE_PRO_YEARLY="price_year")
    try:
        yield api
    finally:
        api.stop()


def test_prices_come_from_stripe_and_fall_back_to_the_settings(fake: FakeStripe, settings) -> None:  # type: ignore[no-untyped-def]
    page = pricing(None)
    assert (page.monthly, page.yearly, page.test_mode, page.gateway_label) == ("$12.00 a month", "$120.00 a year", False, "Stripe")
    fake.prices.clear()
    settings(STRIPE_API_BASE=fake.url)  # a new gateway, nothing cached: Stripe answers 404 for the prices now
    assert pricing(None).monthly == "€9.00 a month"


def test_the_trial_is_a_checkout_with_trial_days(fake: FakeStripe) -> None:
    uid = accounts.sign_up("trial@example.com", "good pass 123")[0].id
    assert start_trial(uid).startswith(f"{fake.url}/pay/cs_")
    form = fake.calls("POST", r"/v1/checkout/sessions")[-1].form()
    assert form["subscription_data[trial_period_days]"] == "7" and form["line_items[0][price]"] == "price_month"


def test_a_demo_account_pays_in_test_mode_even_when_stripe_is_live(fake: FakeStripe) -> None:
    demo_id = accounts.sign_up("visitor@demo.example.com", "good pass 123")[0].id
    with session_scope() as db:
        user = db.get(User, demo_id)
        assert user is not None
        user.is_demo = True
        db.add(user)
    gateway = payments(demo_id)
    assert gateway.test_mode and gateway.start_checkout(demo_id, "month").startswith("/billing/checkout/")
    assert fake.calls("POST", r"/v1/checkout/sessions") == [] and payments().name == "stripe"
