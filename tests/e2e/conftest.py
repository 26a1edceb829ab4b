"""End-to-end harness: the real app, started once per test session in production
mode on a free port against its own temporary database, driven by Debian's
Chromium through Playwright.

Extra environment for the app (e.g. a fake API's base URL) is collected from the
`APP_ENV_EXTRA` dict below before the first e2e test starts it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# Settings later issues add for the app under test (fake servers' URLs, keys).
APP_ENV_EXTRA: dict[str, str] = {}
expect.set_options(timeout=15_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session")
def app_server(tmp_root: Path) -> Iterator[RunningApp]:
    """Set up a fresh database and start `reflex run --env prod` once for all e2e tests."""
    port = free_port()
    data_dir = tmp_root / "e2e-data"
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "PORT": str(port),
        "APP_ENV": "test",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PYTHONUNBUFFERED": "1",
        **APP_ENV_EXTRA,
    }
    subprocess.run([sys.executable, "-m", "app.cli", "setup"], cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = tmp_root / "e2e-app.log"
    log_file = open(log_path, "wb")
    reflex = str(Path(sys.executable).parent / "reflex")
    process = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://localhost:{port}"
    app = RunningApp(url, data_dir, process, log_path)
    deadline = time.monotonic() + 600
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the app exited while starting:\n{app.log()[-4000:]}")
            try:
                if httpx.get(f"{url}/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start in time:\n{app.log()[-4000:]}")
            time.sleep(0.5)
        yield app
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log_file.close()


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
