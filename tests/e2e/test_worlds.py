"""The world builder in the browser on the demo source: seeds -> five questions -> build with
progress -> results with edits -> saved playlists in the demo library, and the seed checks."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_up, unique_email

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Two shared cores: a first build in a fresh app takes a while; other tests keep the default."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def test_whole_wizard_from_seeds_to_saved_playlists(page: Page) -> None:
    sign_up(page, unique_email("worlds"))
    page.goto("/worlds")
    page.get_by_test_id("new-world").click()
    expect(page.get_by_test_id("step-indicator")).to_be_visible()

    # Bad input: no seeds yet -> a clear message, and the wizard stays on step 1.
    page.get_by_role("radio", name="Tracks (3-10)").click()
    expect(page.get_by_test_id("seed-count")).to_have_text("0 of 3-10 tracks chosen")
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("worlds-error")).to_contain_text("Pick at least 3 tracks")

    # Three tracks from catalog search, shown with their artwork.
    page.get_by_test_id("track-search").fill("jazz")
    page.get_by_test_id("track-search-go").click()
    add = page.get_by_test_id("add-seed")
    expect(add.first).to_be_visible()
    for i in range(3):
        add.nth(i).click()
        expect(page.get_by_test_id("seed-count")).to_have_text(f"{i + 1} of 3-10 tracks chosen")
    expect(page.get_by_test_id("chosen-tracks").locator("img")).to_have_count(3)

    # Leaving and coming back keeps the draft (stored on the server).
    page.goto("/")
    page.goto("/worlds")
    expect(page.get_by_test_id("seed-count")).to_have_text("3 of 3-10 tracks chosen")

    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("opt-texture-dusty")).to_be_visible()
    # Empty answers are refused with a message.
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("worlds-error")).to_contain_text("Answer at least one")
    page.get_by_test_id("opt-texture-dusty").click()
    page.get_by_test_id("opt-emotion-melancholy").click()
    page.get_by_test_id("text-movement").fill("slow and patient")
    page.get_by_test_id("wizard-next").click()

    # The build runs in the background and lands on the results.
    expect(page.get_by_test_id("world-name")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("composer-label")).to_have_text("offline composer")
    playlists = page.get_by_test_id("result-playlist")
    expect(playlists.first).to_be_visible()
    count = playlists.count()
    assert 3 <= count <= 5
    expect(page.get_by_test_id("playlist-cover").first).to_have_attribute("src", re.compile(r"/api/worlds/cover\.png"))
    expect(page.get_by_test_id("why-track").first).not_to_be_empty()

    # Remove one track from the first playlist: its count goes down by one.
    first = playlists.first
    before = int(first.get_by_test_id("playlist-count").inner_text().split()[0])
    first.get_by_test_id("remove-track").first.click()
    expect(first.get_by_test_id("playlist-count")).to_have_text(f"{before - 1} tracks")

    # Save into the demo library; saving again updates the same playlists.
    page.get_by_test_id("save-world").click()
    expect(page.get_by_test_id("save-message")).to_contain_text(f"Saved {count} playlists to your demo library ({count} new", timeout=30_000)
    page.get_by_test_id("save-world").click()
    expect(page.get_by_test_id("save-message")).to_contain_text(f"(0 new, {count} updated)", timeout=30_000)

    # The saved world is in the grid, and opens.
    page.get_by_test_id("back-to-list").click()
    expect(page.get_by_test_id("world-card")).to_have_count(1)
    page.get_by_test_id("world-card").click()
    expect(page.get_by_test_id("open-world-name")).to_be_visible()
    expect(page.get_by_test_id("result-playlist")).to_have_count(count)
