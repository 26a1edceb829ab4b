"""Billing in the browser, offline (the built-in test gateway): a Free person hits a
limit, sees the price, compares plans, pays with Stripe's 4242 test card, another open
tab turns Pro live, the portal cancels at period end, and an operator's test clock
takes the account back to Free with its data kept."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import make_operator, pay_test_checkout, sign_up, unique_email

pytestmark = pytest.mark.e2e


def test_free_to_pro_by_test_checkout_then_portal_cancel_and_period_end(
        page: Page, context: BrowserContext, browser: Browser, app_server: RunningApp) -> None:
    sign_up(page, unique_email("payer"))
    page.goto("/label")
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item")).to_have_count(1)
    page.get_by_test_id("new-project").click()  # Free allows one project: the limit message
    expect(page.get_by_test_id("upgrade-message")).to_contain_text("1 saved label projects")
    expect(page.get_by_test_id("upgrade-pro-gives")).to_have_text("Pro: up to 200 saved label projects (fair use).")
    expect(page.get_by_test_id("upgrade-price")).to_have_text("€9.00 a month or €90.00 a year")
    expect(page.get_by_test_id("upgrade-go")).to_have_text("Upgrade to Pro · €9.00 a month")

    billing_tab = context.new_page()  # another open tab of the same person
    billing_tab.goto("/billing")
    expect(billing_tab.get_by_test_id("plan-name")).to_have_text("Free")

    page.get_by_test_id("upgrade-plans").click()
    expect(page.get_by_test_id("plan-comparison")).to_be_visible()
    expect(page.get_by_test_id("plan-row").filter(has_text="Saved label projects")).to_contain_text("up to 200")
    expect(page.get_by_test_id("pricing-now")).to_have_text("You are on Free.")
    page.get_by_test_id("pricing-month").click()

    pay_test_checkout(page, "4000 0000 0000 0002")  # a declined card first: nothing changes
    expect(page.get_by_test_id("checkout-error")).to_contain_text("declined")
    page.fill("#card_number", "4242 4242 4242 4242")
    page.get_by_test_id("pay").click()
    paid_at = time.monotonic()
    expect(billing_tab.get_by_test_id("plan-name")).to_have_text("Pro", timeout=2_000)  # live, within 2 s
    live_seconds = time.monotonic() - paid_at
    expect(page.get_by_test_id("billing-notice")).to_contain_text("Payment received")
    expect(page.get_by_test_id("plan-name")).to_have_text("Pro")
    expect(billing_tab.get_by_test_id("renewal")).to_contain_text("Renews on")
    print(f"plan change reached the other tab in {live_seconds:.2f} s")

    page.goto("/label")  # Pro: the second project is allowed now
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item")).to_have_count(2)

    page.goto("/billing")
    page.get_by_test_id("portal").click()
    expect(page.get_by_test_id("portal-plan")).to_contain_text("Pro")
    expect(page.get_by_test_id("portal-card")).to_have_text("Card ending 4242")
    page.get_by_test_id("portal-cancel").click()
    expect(page.get_by_test_id("portal-message")).to_contain_text("Cancelled")
    expect(billing_tab.get_by_test_id("renewal")).to_contain_text("Ends on")

    operator_ctx = browser.new_context(base_url=app_server.url)
    try:
        operator = operator_ctx.new_page()
        email = unique_email("operator")
        sign_up(operator, email)
        make_operator(app_server, email)
        operator.goto("/")
        expect(operator.get_by_test_id("test-clock")).to_be_visible()
        operator.get_by_test_id("clock-1-month").click()
        expect(operator.get_by_test_id("test-clock-last")).to_contain_text("ended")
    finally:
        operator_ctx.close()
    expect(billing_tab.get_by_test_id("plan-name")).to_have_text("Free")  # the period ended: Free, live
    page.goto("/label")
    expect(page.get_by_test_id("project-item")).to_have_count(2)  # nothing was deleted


def test_trial_start_badge_reminder_and_clean_end(page: Page, browser: Browser, app_server: RunningApp) -> None:
    sign_up(page, unique_email("trial"))
    page.goto("/pricing")
    page.get_by_test_id("start-trial").click()
    expect(page.get_by_test_id("billing-notice")).to_have_text("Your Pro trial has started.")
    expect(page.get_by_test_id("trial-badge")).to_be_visible()
    expect(page.get_by_test_id("renewal")).to_contain_text("Trial ends on")
    expect(page.get_by_test_id("plan-name")).to_have_text("Pro")

    operator_ctx = browser.new_context(base_url=app_server.url)
    try:
        operator = operator_ctx.new_page()
        email = unique_email("clock")
        sign_up(operator, email)
        make_operator(app_server, email)
        operator.goto("/")
        for _ in range(5):  # five days on: two days of the trial left
            operator.get_by_test_id("clock-1-day").click()
            expect(operator.get_by_test_id("test-clock-last")).to_be_visible()
        expect(operator.get_by_test_id("test-clock-last")).to_contain_text("trial reminder")
        page.goto("/releases/outbox")
        expect(page.get_by_test_id("outbox-mail").filter(has_text="Your Pro trial ends on")).to_be_visible()
        page.goto("/billing")
        operator.get_by_test_id("clock-7-days").click()
        expect(operator.get_by_test_id("test-clock-last")).to_contain_text("trial ended")
    finally:
        operator_ctx.close()
    expect(page.get_by_test_id("plan-name")).to_have_text("Free")  # live, no reload
    expect(page.get_by_test_id("billing-trial")).not_to_be_visible()  # one trial per account
