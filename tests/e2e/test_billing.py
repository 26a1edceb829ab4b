"""Billing in the browser: checkout through (fake) Stripe, and a signed webhook that
turns the open billing page to Pro without a reload."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.apprunner import RunningApp
from tests.contract.fake_stripe import signed_event
from tests.e2e.conftest import Fakes, sign_up, unique_email

pytestmark = pytest.mark.e2e


def test_webhook_upgrade_reaches_the_open_billing_page_live(page: Page, context: BrowserContext, fakes: Fakes, app_server: RunningApp) -> None:
    sign_up(page, unique_email("payer"))
    page.goto("/billing")
    expect(page.get_by_test_id("plan-name")).to_have_text("Free")

    checkout_tab = context.new_page()
    checkout_tab.goto("/billing")
    checkout_tab.get_by_test_id("checkout-month").click()
    expect(checkout_tab).to_have_url(re.compile(r"/pay/cs_"))
    session = list(fakes.stripe.checkouts.values())[-1]
    user_id, customer = session["client_reference_id"], session["customer"]

    sub = fakes.stripe.set_subscription(f"sub_{user_id}", customer, "active")
    body, sig = signed_event("checkout.session.completed", {"id": "cs_e2e", "object": "checkout.session", "customer": customer, "subscription": sub["id"], "client_reference_id": user_id})
    unsigned = httpx.post(f"{app_server.url}/api/billing/webhook", content=body)
    assert unsigned.status_code == 400
    resp = httpx.post(f"{app_server.url}/api/billing/webhook", content=body, headers={"Stripe-Signature": sig})
    assert resp.status_code == 200

    # The first tab never reloaded: the plan change arrives over its websocket.
    expect(page.get_by_test_id("plan-name")).to_have_text("Pro")
    expect(page.get_by_test_id("renewal")).to_contain_text("Renews on")
