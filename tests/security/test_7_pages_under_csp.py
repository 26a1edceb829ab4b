"""Item 7, in a real Chromium: every page is served with the content security policy
and still works under it (hydrates, no violation reported)."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import demo_login

pytestmark = pytest.mark.e2e
PAGES = ["/", "/worlds", "/events", "/party", "/releases", "/label", "/billing", "/pricing", "/billing/portal", "/account", "/status", "/releases/outbox"]


def test_every_page_works_under_the_policy(app_server: RunningApp, context: BrowserContext) -> None:
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));""")
    demo_login(page)
    for path in PAGES:
        answer = page.goto(path)
        assert answer is not None
        headers = answer.headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        expect(page.get_by_test_id("account-menu")).to_be_visible()  # hydrated and signed in
    page.goto("/login")
    expect(page.get_by_test_id("try-demo")).to_be_visible()
    assert violations == []
