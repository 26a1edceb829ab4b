"""End-to-end helpers: the real app, started once per test session in production
mode on a free port against its own temporary database (its fixtures live in
`tests/e2e/fixtures.py`, shared with `tests/security/`), driven by Debian's
Chromium through Playwright."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from playwright.sync_api import Page, expect

from tests.apprunner import ROOT, RunningApp
from tests.e2e.fixtures import Fakes

__all__ = ["Fakes", "RunningApp", "demo_login", "mail_link", "make_operator", "open_mail_link", "path_of", "pay_test_checkout",
           "sign_in", "sign_up", "unique_email"]


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{time.time_ns()}@example.com"


def sign_up(page: Page, email: str, password: str = "good pass 123", name: str = "Tester") -> None:
    """Create an account through the form ("check your inbox"), then sign in with it as a
    person may before confirming the address; lands signed in on the dashboard (whose
    banner asks to confirm: `confirm_email` does)."""
    page.goto("/signup")
    for attempt in range(2):  # a form filled before the page finished hydrating can come back empty: once more
        page.fill("#display_name", name)
        page.fill("#email", email)
        page.fill("#password", password)
        page.get_by_test_id("submit").click()
        try:  # the answer is the same for a new and a known address, so sending twice is harmless
            expect(page.get_by_test_id("signup-sent")).to_be_visible(timeout=15_000)
            break
        except AssertionError:
            if attempt:
                raise
    sign_in(page, email, password)


def sign_in(page: Page, email: str, password: str = "good pass 123") -> None:
    """Sign in through the form; lands signed in."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def mail_link(page: Page, subject: str, path: str) -> str:
    """The link to `path` (e.g. "/confirm") in the newest mail with `subject` in the
    signed-in person's outbox, as a path on this site."""
    page.goto("/releases/outbox")
    mail = page.get_by_test_id("outbox-mail").filter(has_text=subject).first
    expect(mail).to_be_visible()
    mail.click()
    expect(page.get_by_test_id("mail-subject")).to_have_text(subject)
    href = page.get_by_test_id("mail-link").filter(has_text=path + "?token=").first.get_attribute("href")
    assert href, "no link in the mail"
    return re.sub(r"^https?://[^/]+", "", href)


def open_mail_link(page: Page, subject: str, path: str) -> None:
    """Follow that link in the same page."""
    page.goto(mail_link(page, subject, path))


def demo_login(page: Page) -> None:
    """"Try the demo": a fresh demo account of this page's own ("Demo Listener XXXX"),
    seeded with a demo library; another call (or another context) gets another account."""
    page.goto("/login")
    page.get_by_test_id("try-demo").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def _python(app: RunningApp, *argv: str, **env: str) -> str:
    """`python ARGV` against the running app's data directory (and `env`); what it printed."""
    full = {**os.environ, "DATA_DIR": str(app.data_dir), **env}
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=full, capture_output=True, text=True, check=True).stdout


def run_seed(app: RunningApp, script: str, *args: str) -> str:
    """Run a Python `script` (with `args`) against the running app's data directory, as a
    test's setup that the UI would take long to reach; the last line it printed."""
    return _python(app, "-c", script, *args).strip().splitlines()[-1]


def make_operator(app: RunningApp, email: str) -> None:
    """`python -m app.cli admin add EMAIL` against the running app's database."""
    _python(app, "-m", "app.cli", "admin", "add", email, APP_ENV="test")


def pay_test_checkout(page: Page, card: str = "4242 4242 4242 4242") -> None:
    """On the built-in test gateway's checkout page: type a test card and pay."""
    expect(page).to_have_url(re.compile(r"/billing/checkout/cs_test_"))
    expect(page.get_by_test_id("test-mode-badge").first).to_have_text("Test mode — no money moves")
    page.fill("#card_number", card)
    page.fill("#card_expiry", "12/34")
    page.fill("#card_cvc", "123")
    page.get_by_test_id("pay").click()
