"""End-to-end harness: the real app, started once per test session in production
mode on a free port against its own temporary database, driven by Debian's
Chromium through Playwright.

Extra environment for the app (e.g. a fake API's base URL) is collected from the
`APP_ENV_EXTRA` dict below before the first e2e test starts it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, RunningApp, start_app

# Settings later issues add for the app under test (fake servers' URLs, keys).
APP_ENV_EXTRA: dict[str, str] = {}
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def app_server(tmp_root: Path) -> Iterator[RunningApp]:
    """Set up a fresh database and start `reflex run --env prod` once for all e2e tests."""
    app = start_app(tmp_root / "e2e-data", APP_ENV_EXTRA)
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
    page.goto("/login")
    page.get_by_test_id("try-demo").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)
