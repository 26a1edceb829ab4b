"""The hosted demo as visitors meet it: each "Try the demo" is a private account,
a demo account can be kept, idle ones are removed by a job, and /status is public."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RunningApp, demo_login, make_operator, sign_up, unique_email
from services.db import utcnow  # the project's clock (frozen by time-machine in tests)

pytestmark = pytest.mark.e2e


def _playlists(page: Page) -> list[str]:
    page.goto("/")
    expect(page.get_by_test_id("library-playlist").first).to_be_visible()
    return page.get_by_test_id("library-playlist").all_inner_texts()


def _email(page: Page) -> str:
    page.goto("/account")
    email = page.get_by_test_id("account-email")
    expect(email).to_contain_text("@")
    return email.inner_text()


def test_two_visitors_each_get_their_own_demo_account(browser: Browser, app_server: RunningApp) -> None:
    contexts = [browser.new_context(base_url=app_server.url) for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for p in pages:
            demo_login(p)
            expect(p.get_by_test_id("account-menu")).to_contain_text("Demo Listener")
        emails = [_email(p) for p in pages]
        assert emails[0] != emails[1]
        for p in pages:
            expect(p.get_by_test_id("account-kind")).to_have_text("Demo account")
            expect(p.get_by_test_id("quota-row").first).to_be_visible()
            expect(p.get_by_test_id("storage-text")).to_contain_text("MB of 300 MB")
        libraries = [_playlists(p) for p in pages]
        assert libraries[0] and libraries[0] != libraries[1]
        # a visitor's own account again after a reload: nothing of the other one
        pages[0].reload()
        assert _email(pages[0]) == emails[0]
    finally:
        for c in contexts:
            c.close()


def test_a_kept_demo_account_keeps_its_library(page: Page) -> None:
    demo_login(page)
    library = _playlists(page)
    page.goto("/account")
    expect(page.get_by_test_id("keep-demo")).to_be_visible()
    email = unique_email("kept")
    page.fill("#display_name", "Kept Listener")
    page.fill("#email", email)
    page.fill("#password", "weak")
    page.get_by_test_id("convert-submit").click()
    expect(page.get_by_test_id("error-password")).to_contain_text("at least 8 characters")
    expect(page.locator("#email")).to_have_value(email)  # nothing typed is lost
    page.fill("#password", "kept pass 123")
    page.get_by_test_id("convert-submit").click()
    expect(page.get_by_test_id("account-kind")).to_have_text("Account")
    expect(page.get_by_test_id("account-email")).to_have_text(email)
    expect(page.get_by_test_id("keep-demo")).to_have_count(0)

    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    page.fill("#email", email)
    page.fill("#password", "kept pass 123")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("account-menu")).to_contain_text("Kept Listener")
    assert _playlists(page) == library


def test_an_idle_demo_account_is_removed_by_the_job_with_its_media(browser: Browser, app_server: RunningApp, page: Page) -> None:
    visitor = browser.new_context(base_url=app_server.url)
    try:
        idle = visitor.new_page()
        demo_login(idle)
        email = _email(idle)
        idle.close()  # an idle visitor has no page open: nothing may touch the session meanwhile
        db = sqlite3.connect(app_server.data_dir / "app.db", timeout=10)
        try:
            (user_id,) = db.execute("SELECT id FROM user WHERE email = ?", (email,)).fetchone()
            long_ago = (utcnow() - timedelta(days=8)).strftime("%Y-%m-%d %H:%M:%S.%f")
            db.execute("UPDATE user SET last_active_at = ? WHERE id = ?", (long_ago, user_id))
            db.execute("UPDATE authsession SET last_seen_at = ? WHERE user_id = ?", (long_ago, user_id))
            db.commit()
        finally:
            db.close()
        media = app_server.data_dir / "media" / str(user_id) / "1"
        media.mkdir(parents=True)
        (media / "take.wav").write_bytes(b"x" * 2048)

        operator = unique_email("operator")  # an operator runs the job from the System panel
        sign_up(page, operator)
        make_operator(app_server, operator)
        page.goto("/")
        page.get_by_test_id("run-hosting.expire_demo_accounts").click()
        row = page.get_by_test_id("job-row").filter(has_text="hosting.expire_demo_accounts")
        expect(row.get_by_test_id("job-detail")).to_contain_text("1 expired demo account removed")
        assert not media.parent.exists()
        back = visitor.new_page()  # the visitor comes back with the same cookie
        back.goto("/account")
        expect(back.get_by_test_id("submit")).to_have_text("Sign in")  # the account is gone
    finally:
        visitor.close()


def test_status_page_and_readiness_need_no_login(page: Page, app_server: RunningApp) -> None:
    ready = httpx.get(f"{app_server.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "scheduler": "ok"}
    page.goto("/status")
    expect(page.get_by_test_id("status-summary")).to_contain_text("All systems ready")
    expect(page.get_by_test_id("service-row").filter(has_text="Stripe")).to_contain_text("test mode — no money moves")
    expect(page.get_by_test_id("service-row").filter(has_text="OpenAI")).to_contain_text("built-in")
    expect(page.get_by_test_id("status-job").filter(has_text="hosting.expire_demo_accounts")).to_be_visible()
