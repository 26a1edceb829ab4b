"""The app under test, started once per test session for every test that needs it
(`tests/e2e/` and `tests/security/`): registered by the root conftest as a plugin, so
there is one `app_server` fixture and one app start, whoever asks first.

Outside services the e2e tests exercise live are local fakes started before the
app (`fakes`), and the app is pointed at them by its base-URL settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, RunningApp, start_app
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
            # No Stripe keys: payments run on the built-in test gateway, as on a fresh install
            # (Stripe itself is covered by tests/contract/ against the fake).
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
