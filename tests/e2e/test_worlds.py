"""The world builder in the browser.

Demo catalog: seeds -> five questions (an avoid answer) -> build with progress -> results
that say what they did -> play a demo sound -> save -> open the world -> refresh now (Free,
once a week) -> the diff -> rename. Spotify (the fake): connect -> build -> Spotify's player
is on the page -> save -> refresh now -> diff -> rename -> the exported playlists are renamed
on the fake Spotify.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Fakes, sign_up, unique_email

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Two shared cores: a first build in a fresh app takes a while; other tests keep the default."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def _answer_and_build(page: Page) -> None:
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("opt-mood-calm")).to_be_visible()
    page.get_by_test_id("wizard-next").click()  # empty answers are refused with a message
    expect(page.get_by_test_id("worlds-error")).to_contain_text("Answer at least one")
    page.get_by_test_id("opt-mood-calm").click()
    page.get_by_test_id("opt-setting-late-night").click()
    page.get_by_test_id("text-avoid").fill("metal, nothing above 140 bpm")
    page.get_by_test_id("text-avoid").blur()
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("world-name")).to_be_visible(timeout=90_000)


def _refresh_and_rename(page: Page, new_name: str) -> None:
    page.get_by_test_id("refresh-now").click()
    expect(page.get_by_test_id("world-message")).to_contain_text("continuity", timeout=60_000)
    expect(page.get_by_test_id("diff-summary").first).to_contain_text(re.compile(r"\+\d+ new · \d+ kept"))
    expect(page.get_by_test_id("refresh-now")).to_be_disabled()  # Free: once a week per world
    expect(page.get_by_test_id("refresh-note")).to_contain_text("Next refresh by hand")
    page.get_by_test_id("rename").click()
    page.get_by_test_id("rename-input").fill(new_name)
    page.get_by_test_id("rename-save").click()
    expect(page.get_by_test_id("open-world-name")).to_have_text(new_name)


def test_demo_world_from_seeds_to_play_save_refresh_and_rename(page: Page) -> None:
    sign_up(page, unique_email("worlds"))
    page.goto("/worlds")
    page.get_by_test_id("new-world").click()
    expect(page.get_by_test_id("step-indicator")).to_be_visible()

    # Bad input: no seeds yet -> a clear message, and the wizard stays on step 1.
    page.get_by_role("radio", name="Tracks (3-10)").click()
    expect(page.get_by_test_id("seed-count")).to_have_text("0 of 3-10 tracks chosen")
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("worlds-error")).to_contain_text("Pick at least 3 tracks")

    page.get_by_test_id("track-search").fill("jazz")
    page.get_by_test_id("track-search-go").click()
    add = page.get_by_test_id("add-seed")
    expect(add.first).to_be_visible()
    for i in range(3):
        add.nth(i).click()
        expect(page.get_by_test_id("seed-count")).to_have_text(f"{i + 1} of 3-10 tracks chosen")

    # Leaving and coming back keeps the draft (stored on the server).
    page.goto("/")
    page.goto("/worlds")
    expect(page.get_by_test_id("seed-count")).to_have_text("3 of 3-10 tracks chosen")
    _answer_and_build(page)

    expect(page.get_by_test_id("composer-label")).to_have_text("offline composer")
    playlists = page.get_by_test_id("result-playlist")
    expect(playlists.first).to_be_visible()
    count = playlists.count()
    assert 1 <= count <= 5
    expect(page.get_by_test_id("playlist-coherence").first).to_contain_text("Coherence")
    expect(page.get_by_test_id("world-signals")).to_be_visible()
    expect(page.get_by_test_id("why-track").first).to_contain_text("·")
    description = page.get_by_test_id("world-description").inner_text()
    assert "metal" not in description.lower() or "Kept out" in description

    # Play a track: its demo sound loads and plays.
    audio = page.get_by_test_id("demo-sound").first
    expect(audio).to_have_attribute("src", re.compile(r"/api/worlds/demo-clip/\w+\.wav"))
    audio.evaluate("a => a.play()")
    page.wait_for_function("a => a.currentTime > 0 && !a.paused", arg=audio.element_handle(), timeout=20_000)

    # Remove one track: the count goes down by one.
    first = playlists.first
    before = int(first.get_by_test_id("playlist-count").inner_text().split()[0])
    first.get_by_test_id("remove-track").first.click()
    expect(first.get_by_test_id("playlist-count")).to_contain_text(f"{before - 1} track")

    page.get_by_test_id("save-world").click()
    expect(page.get_by_test_id("save-message")).to_contain_text(f"Saved {count} playlists to your demo library", timeout=30_000)
    expect(page.get_by_test_id("save-limits")).to_contain_text("once a week")

    page.get_by_test_id("back-to-list").click()
    expect(page.get_by_test_id("world-card")).to_have_count(1)
    page.get_by_test_id("world-card").click()
    expect(page.get_by_test_id("open-world-name")).to_be_visible()
    expect(page.get_by_test_id("result-playlist")).to_have_count(count)
    _refresh_and_rename(page, "Harbour Lights Test")


def test_spotify_world_has_the_player_and_its_playlists_follow_a_rename(page: Page, fakes: Fakes) -> None:
    sign_up(page, unique_email("worlds-spot"))
    page.goto("/account")
    page.get_by_test_id("spotify-connect").click()
    expect(page.get_by_test_id("spotify-status")).to_contain_text("Connected as")

    page.goto("/worlds")
    page.get_by_test_id("new-world").click()
    page.get_by_role("radio", name="Recent 50 plays").click()
    _answer_and_build(page)

    # Spotify's own player and link, never our own stream.
    embed = page.get_by_test_id("spotify-track-embed").first
    expect(embed).to_have_attribute("src", re.compile(r"^https://open\.spotify\.com/embed/track/\w+"))
    expect(page.get_by_test_id("open-in-spotify").first).to_have_attribute(
        "href", re.compile(r"^https://open\.spotify\.com/track/\w+"))
    expect(page.get_by_test_id("demo-sound")).to_have_count(0)

    before = set(fakes.spotify.playlists)
    page.get_by_test_id("save-world").click()
    expect(page.get_by_test_id("save-message")).to_contain_text("to Spotify", timeout=60_000)
    made = set(fakes.spotify.playlists) - before
    assert made

    page.get_by_test_id("back-to-list").click()
    page.get_by_test_id("world-card").click()
    expect(page.get_by_test_id("spotify-playlist-embed").first).to_have_attribute(
        "src", re.compile(r"^https://open\.spotify\.com/embed/playlist/\w+"))
    _refresh_and_rename(page, "Night Garden Test")
    expect(page.get_by_test_id("world-message")).to_contain_text("Renamed")
    names = [fakes.spotify.playlists[p]["name"] for p in made if p in fakes.spotify.playlists]
    assert names and all(n.startswith("Night Garden Test: ") for n in names), names
