"""Connecting Spotify in the browser: Connect → consent (fake Spotify) → callback →
connected badge → the dashboard's library shows the Spotify account → Disconnect
removes it, back to the demo library."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_up, unique_email

pytestmark = pytest.mark.e2e


def test_connect_library_and_disconnect(page: Page) -> None:
    sign_up(page, unique_email("spot"))
    expect(page.get_by_test_id("library-source")).to_contain_text("Demo")
    demo_artist = page.get_by_test_id("library-artist").first.inner_text()

    page.goto("/account")
    expect(page.get_by_test_id("spotify-status")).to_have_text("Not connected")
    page.get_by_test_id("spotify-connect").click()

    # The fake consent page sends the browser straight back to the app's callback.
    expect(page.get_by_test_id("spotify-status")).to_contain_text("Connected as")
    expect(page.get_by_test_id("spotify-message")).to_be_visible()

    page.get_by_test_id("nav-home").click()
    expect(page.get_by_test_id("library-source")).to_contain_text("Spotify")
    expect(page.get_by_test_id("library-artist").first).to_contain_text("Lumen")

    page.goto("/account")
    page.get_by_test_id("spotify-disconnect").click()
    expect(page.get_by_test_id("spotify-status")).to_have_text("Not connected")
    expect(page.get_by_test_id("spotify-message")).to_contain_text("Deleted from this app: Spotify tokens (1), cached Spotify answers (")
    page.get_by_test_id("nav-home").click()
    expect(page.get_by_test_id("library-source")).to_contain_text("Demo")
    expect(page.get_by_test_id("library-artist").first).to_have_text(demo_artist)


def test_a_forged_callback_changes_nothing(page: Page) -> None:
    sign_up(page, unique_email("forge"))
    page.goto("/api/spotify/callback?code=abc&state=forged")
    expect(page.get_by_test_id("spotify-message")).to_be_visible()
    expect(page.get_by_test_id("spotify-status")).to_have_text("Not connected")
    page.goto("/api/spotify/callback?error=access_denied&state=whatever")
    expect(page.get_by_test_id("spotify-message")).to_be_visible()
    expect(page.get_by_test_id("spotify-status")).to_have_text("Not connected")
