"""Item 7, in a real Chromium: every page is served with the content security policy
and still works under it (hydrates, no violation reported)."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import demo_login

pytestmark = pytest.mark.e2e
WATCH = """document.addEventListener('securitypolicyviolation',
    e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"""
PAGES = ["/", "/worlds", "/events", "/party", "/releases", "/label", "/billing", "/pricing", "/billing/portal", "/account", "/status", "/releases/outbox"]


def test_every_page_works_under_the_policy(app_server: RunningApp, context: BrowserContext) -> None:
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH)
    demo_login(page)
    for path in PAGES:
        answer = page.goto(path)
        assert answer is not None
        headers = answer.headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        expect(page.get_by_test_id("account-menu")).to_be_visible()  # hydrated and signed in
    # Signed out (a fresh browser), the sign-in page and the pages of "Forgot password?" and emailed links.
    assert context.browser is not None
    stranger = context.browser.new_context(base_url=app_server.url)
    try:
        page = stranger.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.add_init_script(WATCH)
        for path, ready in (("/login", "try-demo"), ("/signup", "submit"), ("/forgot", "submit"),
                            ("/reset?token=x", "link-dead"), ("/confirm?token=x", "link-dead")):
            answer = page.goto(path)
            assert answer is not None and "script-src 'self'" in answer.headers["content-security-policy"], path
            expect(page.get_by_test_id(ready)).to_be_visible()
    finally:
        stranger.close()
    assert violations == []
