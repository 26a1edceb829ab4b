"""Item 4, password reset as a person meets it in Chromium: "Forgot password?" on the
sign-in page, the same answer for any address, the emailed link (read from the
outbox, the offline mailer) sets a new password once, and every browser that was
signed in is signed out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import mail_link, sign_in, sign_up, unique_email

pytestmark = pytest.mark.e2e


def test_forgot_password_link_sets_a_new_password_once_and_signs_out_everywhere(
        browser: Browser, app_server: RunningApp) -> None:
    laptop, stranger = (browser.new_context(base_url=app_server.url) for _ in range(2))
    try:
        email = unique_email("forgot")
        mine = laptop.new_page()
        sign_up(mine, email, password="old pass 123")  # signed in here (and reads the outbox)

        page = stranger.new_page()
        for address in (email, unique_email("nobody")):  # one answer, account or not
            page.goto("/login")
            page.get_by_test_id("forgot-link").click()
            expect(page.get_by_test_id("submit")).to_have_text("Send the link")  # on /forgot, not /login's field
            page.fill("#email", address)
            page.get_by_test_id("submit").click()
            expect(page.get_by_test_id("reset-sent")).to_have_text(
                f"If an account uses {address}, we sent it a link to set a new password. It works once, within 60 minutes.")

        link = mail_link(mine, "Set a new password", "/reset")
        page.goto(link)
        page.fill("#password", "abc")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("error-password")).to_contain_text("at least 8 characters")
        page.fill("#password", "new pass 456")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("account-menu")).to_be_visible()  # this browser is signed in
        expect(page.get_by_test_id("unconfirmed-banner")).to_have_count(0)  # the link proved the address

        mine.goto("/worlds")  # the other browser's session ended
        expect(mine.get_by_test_id("submit")).to_have_text("Sign in")
        sign_in(mine, email, "new pass 456")

        page.goto(link)  # single use
        expect(page.get_by_test_id("link-dead")).to_be_visible()
    finally:
        laptop.close()
        stranger.close()
