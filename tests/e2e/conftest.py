"""End-to-end harness: the real app, started once per test session in production
mode on a free port against its own temporary database, driven by Debian's
Chromium through Playwright.

Outside services the e2e tests exercise live are local fakes started before the
app (`fakes`), and the app is pointed at them by its base-URL settings.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, RunningApp, start_app
from tests.contract.fake_stripe import WEBHOOK_SECRET as STRIPE_WEBHOOK_SECRET
from tests.contract.fake_spotify import FakeSpotify
from tests.contract.fake_stripe import FakeStripe

expect.set_options(timeout=30_000)  # generous: a loaded 2-core CI machine


@dataclass
class Fakes:
    stripe: FakeStripe
    spotify: FakeSpotify

    def env(self) -> dict[str, str]:
        return {
            **self.spotify.settings_env(),
            "SPOTIFY_REDIRECT_URI": "",  # the default: this app's own /api/spotify/callback
            "STRIPE_SECRET_KEY": "sk_test_e2e", "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
            "STRIPE_API_BASE": self.stripe.url, "PRICE_PRO_MONTHLY": "price_month", "PRICE_PRO_YEARLY": "price_year",
        }


@pytest.fixture(scope="session")
def fakes() -> Iterator[Fakes]:
    """Local fake APIs the app under test talks to."""
    stripe = FakeStripe().start()
    with FakeSpotify() as spotify:
        try:
            yield Fakes(stripe=stripe, spotify=spotify)
        finally:
            stripe.stop()


@pytest.fixture(scope="session")
def app_server(tmp_root: Path, fakes: Fakes) -> Iterator[RunningApp]:
    """Set up a fresh database and start `reflex run --env prod` once for all e2e tests."""
    app = start_app(tmp_root / "e2e-data", fakes.env())
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, app_server: RunningApp) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=app_server.url, viewport={"width": 1280, "height": 860})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{time.time_ns()}@example.com"


def sign_up(page: Page, email: str, password: str = "good pass 123", name: str = "Tester") -> None:
    """Create an account through the form; lands signed in on the dashboard."""
    page.goto("/signup")
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def demo_login(page: Page) -> None:
    """"Try the demo": a fresh demo account of this page's own ("Demo Listener XXXX"),
    seeded with a demo library; another call (or another context) gets another account."""
    page.goto("/login")
    page.get_by_test_id("try-demo").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)
