"""The foundation as a person meets it in a browser: accounts, navigation, the
System panel, and a live push from a background job to another open tab."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import RunningApp, demo_login, make_operator, open_mail_link, path_of, sign_up, unique_email

pytestmark = pytest.mark.e2e


def test_sign_up_lands_on_the_dashboard(page: Page) -> None:
    sign_up(page, unique_email("new"), name="Nadia")
    expect(page.get_by_test_id("page-title")).to_have_text("Home")
    expect(page.get_by_text("Welcome back,")).to_be_visible()
    expect(page.get_by_test_id("account-menu")).to_contain_text("Nadia")


def test_sign_up_with_a_taken_email_answers_like_a_new_one_and_tells_the_owner(
        page: Page, browser: Browser, app_server: RunningApp) -> None:
    email = unique_email("taken")
    sign_up(page, email)
    other = browser.new_context(base_url=app_server.url)
    try:
        p2 = other.new_page()
        p2.goto("/signup")
        p2.fill("#display_name", "Second")
        p2.fill("#email", email)
        p2.fill("#password", "another pass 9")
        p2.get_by_test_id("submit").click()
        expect(p2.get_by_test_id("signup-sent")).to_contain_text(f"we sent a message to {email}")
        expect(p2.get_by_test_id("outbox-note")).to_contain_text("Built-in outbox")
    finally:
        other.close()
    page.goto("/releases/outbox")  # the owner hears of it; their account is unchanged
    expect(page.get_by_test_id("outbox-mail").filter(has_text="Someone tried to sign up with your address")).to_be_visible()
    expect(page.get_by_test_id("account-menu")).to_contain_text("Tester")


def test_the_emailed_link_confirms_the_address_and_the_banner_goes(page: Page) -> None:
    sign_up(page, unique_email("confirm"))
    expect(page.get_by_test_id("unconfirmed-banner")).to_be_visible()
    open_mail_link(page, "Confirm your email address", "/confirm")
    page.get_by_test_id("confirm-email").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Home")
    expect(page.get_by_test_id("unconfirmed-banner")).to_have_count(0)
    open_mail_link(page, "Confirm your email address", "/confirm")  # single use
    expect(page.get_by_test_id("link-dead")).to_be_visible()


def test_weak_password_is_explained(page: Page) -> None:
    page.goto("/signup")
    page.fill("#email", unique_email("weak"))
    page.fill("#password", "abc")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-password")).to_contain_text("at least 8 characters")


def test_sign_out_then_sign_in_and_wrong_password(page: Page) -> None:
    email = unique_email("cycle")
    sign_up(page, email, password="cycle pass 77")
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("submit")).to_have_text("Sign in")
    page.goto("/worlds")
    expect(page).to_have_url(re.compile(r"/login\?next=/worlds"))

    page.fill("#email", email)
    page.fill("#password", "not the password 1")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-password")).to_contain_text("Wrong email or password")
    expect(page.locator("#email")).to_have_value(email)

    page.fill("#password", "cycle pass 77")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Worlds")  # back to where sign-in was asked


def test_demo_login_and_every_page_is_reachable_from_the_navigation(page: Page) -> None:
    demo_login(page)
    expect(page.get_by_test_id("account-menu")).to_contain_text("Demo Listener")
    for name, title in [("worlds", "Worlds"), ("events", "Events"), ("party", "Party room"),
                        ("releases", "Releases"), ("label", "Label"), ("billing", "Billing"), ("home", "Home")]:
        page.get_by_test_id(f"nav-{name}").click()
        expect(page.get_by_test_id("page-title")).to_have_text(title)
    assert path_of(page) == "/"


def test_pages_need_an_account(page: Page) -> None:
    page.goto("/label")
    expect(page.get_by_test_id("submit")).to_have_text("Sign in")
    assert "next=/label" in page.url


def test_system_panel_runs_a_job_and_pushes_the_result_to_another_tab(page: Page, context: BrowserContext,
                                                                     app_server: RunningApp) -> None:
    demo_login(page)
    expect(page.get_by_test_id("page-title")).to_have_text("Home")
    expect(page.get_by_test_id("system-panel")).to_have_count(0)  # a demo visitor never sees it
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    email = unique_email("operator")
    sign_up(page, email)
    make_operator(app_server, email)
    page.goto("/")  # the role changed: this load rotates the session, and the panel appears
    expect(page.get_by_test_id("system-panel")).to_be_visible()
    other = context.new_page()  # same browser context: the same signed-in person, a second tab
    other.goto("/")
    panel = other.get_by_test_id("system-panel")
    row = panel.get_by_test_id("job-row").filter(has_text="accounts.purge_sessions")
    expect(row).to_be_visible()
    before = row.get_by_test_id("job-last-run").inner_text()

    page.get_by_test_id("run-accounts.purge_sessions").click()

    # The other tab did nothing: the finished run reaches it over its websocket.
    expect(row.get_by_test_id("job-status")).to_have_text("ok")
    expect(row.get_by_test_id("job-detail")).to_contain_text("sessions")
    expect(row.get_by_test_id("job-last-run")).not_to_have_text(before)
