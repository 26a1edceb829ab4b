"""Item 5: the session cookie is out of reach of page scripts, in a real Chromium:
HttpOnly, SameSite=Lax, set and cleared by HTTP routes; the token is never in
`document.cookie`, storage, the page, a websocket frame or the server log; a new
sign-in gets a new token and revokes the old."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import BrowserContext, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email

pytestmark = pytest.mark.e2e


def _session(context: BrowserContext) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == "sbm_session"), None)


def test_scripts_frames_and_logs_never_see_the_session(app_server: RunningApp, context: BrowserContext) -> None:
    frames: list[str] = []
    page = context.new_page()
    page.on("websocket", lambda ws: (ws.on("framesent", lambda f: frames.append(str(f))),
                                     ws.on("framereceived", lambda f: frames.append(str(f)))))
    email = unique_email("cookie")
    sign_up(page, email)
    cookie = _session(context)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    token = cookie["value"]
    page.goto("/account")
    expect(page.get_by_test_id("account-menu")).to_be_visible()

    seen_by_scripts = page.evaluate(
        "() => [document.cookie, JSON.stringify(localStorage), JSON.stringify(sessionStorage),"
        " document.documentElement.outerHTML].join('\\n')"
    )
    assert "sbm_session" not in seen_by_scripts and token not in seen_by_scripts
    assert frames and not any(token in f for f in frames)
    assert token not in app_server.log()

    # Signing out: the server revokes, an HTTP route clears the cookie.
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    assert _session(context) is None
    assert httpx.get(f"{app_server.url}/api/events/saved.ics", cookies={"sbm_session": token}).status_code == 401

    # Signing in again rotates: a new token, the old one stays dead.
    page.fill("#email", email)
    page.fill("#password", "good pass 123")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()
    fresh = _session(context)
    assert fresh is not None and fresh["value"] != token
    assert httpx.get(f"{app_server.url}/api/events/saved.ics", cookies={"sbm_session": fresh["value"]}).status_code == 200


def test_a_cross_site_sign_out_link_signs_nobody_out(app_server: RunningApp, context: BrowserContext) -> None:
    page = context.new_page()
    sign_up(page, unique_email("csrf"))
    page.goto("/api/auth/signout")  # what a link on another site would do
    assert _session(context) is not None
    page.goto("/account")
    expect(page.get_by_test_id("account-menu")).to_be_visible()
