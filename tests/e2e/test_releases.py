"""The release feed and its digests in the browser: a new account's first visit scans
its (demo library) artists in the background and fills the feed; filtering by type,
mark seen (one and all); "Add to playlist" adds to one running playlist, never a
second one; with Spotify connected and every album call refused, the feed says what
failed (never "nothing new"); opting in to the digest (a malformed address is
refused), confirming through the link in the outbox mail, a test digest, and the
one-click unsubscribe link (a forged link changes nothing)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Fakes, sign_up, unique_email

pytestmark = pytest.mark.e2e

KIND_VALUES = {"Album": "album", "Single": "single", "EP": "ep", "Compilation": "compilation"}


def _open_feed(page: Page) -> None:
    page.goto("/releases")
    expect(page.get_by_test_id("release-card").first).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("looking")).to_have_count(0, timeout=60_000)


def _unseen(page: Page) -> int:
    return int(page.get_by_test_id("unseen-count").inner_text())


def test_feed_shows_releases_filters_and_marks_seen(page: Page) -> None:
    sign_up(page, unique_email("rel"))
    _open_feed(page)
    cards = page.get_by_test_id("release-card")
    first = cards.first
    expect(first.get_by_test_id("release-title")).not_to_be_empty()
    expect(first.get_by_test_id("release-artist")).not_to_be_empty()
    expect(first.get_by_test_id("release-date")).to_contain_text("20")
    expect(page.get_by_test_id("week-label").first).to_have_text(re.compile(r"^(This week|Last week|Week of \d+ \w{3} \d{4})$"))
    total = cards.count()

    # Filter by the first card's type: only that type is left.
    label = first.get_by_test_id("release-kind").inner_text()
    page.get_by_test_id(f"kind-{KIND_VALUES[label]}").click()
    kinds = page.get_by_test_id("release-kind")
    expect(kinds.filter(has_not_text=label)).to_have_count(0)
    assert 0 < kinds.count() <= total
    page.get_by_test_id("kind-all").click()
    expect(cards).to_have_count(total)

    # Mark one seen: the unseen count drops by one and the card loses its "New" badge.
    unseen = _unseen(page)
    assert unseen == total
    page.get_by_test_id("mark-seen").first.click()
    expect(page.get_by_test_id("unseen-count")).to_have_text(str(unseen - 1))
    expect(page.get_by_test_id("release-new")).to_have_count(unseen - 1)

    # Unseen only, then mark all seen: all caught up.
    page.get_by_test_id("filter-unseen").click()
    expect(cards).to_have_count(unseen - 1)
    page.get_by_test_id("mark-all-seen").click()
    expect(page.get_by_test_id("unseen-count")).to_have_text("0")
    expect(page.get_by_test_id("feed-empty-filtered")).to_contain_text("all caught up")
    page.get_by_test_id("clear-filters").click()
    expect(cards).to_have_count(total)


def test_digest_opt_in_confirm_test_digest_and_unsubscribe(page: Page) -> None:
    sign_up(page, unique_email("dig"))
    page.goto("/releases")
    status = page.get_by_test_id("digest-status")
    expect(status).to_have_text("Off")

    # A malformed address is refused with a clear message; nothing is saved or sent.
    page.get_by_test_id("digest-email").fill("not-an-email")
    page.get_by_test_id("digest-save").click()
    expect(page.get_by_test_id("digest-error-email")).to_contain_text("valid email address")
    expect(status).to_have_text("Off")

    address = unique_email("inbox")
    page.get_by_test_id("digest-email").fill(address)
    page.get_by_test_id("digest-save").click()
    expect(status).to_have_text("Waiting for confirmation")
    expect(page.get_by_test_id("digest-pending")).to_contain_text(address)

    # Offline default: the confirmation mail is in the outbox; its link confirms.
    page.get_by_test_id("outbox-link").click()
    expect(page.get_by_test_id("mail-subject")).to_have_text("Confirm your new-release digest")
    confirm_link = page.get_by_test_id("mail-link").filter(has_text="/releases/confirm").first.get_attribute("href")
    assert confirm_link
    page.goto("/releases/confirm?token=forged.token")
    expect(page.get_by_test_id("link-error")).to_contain_text("not valid")
    page.goto(confirm_link)
    expect(page.get_by_test_id("link-title")).to_have_text("Your digest is confirmed")
    page.get_by_test_id("to-releases").click()
    expect(status).to_have_text("Active")
    expect(page.get_by_test_id("digest-active")).to_contain_text(address)

    # A test digest lands in the outbox, with a working one-click unsubscribe link.
    page.get_by_test_id("digest-test").click()
    expect(page.get_by_text("Test digest with")).to_be_visible()
    page.goto("/releases/outbox")
    expect(page.get_by_test_id("mail-subject")).to_contain_text("[Test]")
    expect(page.get_by_test_id("outbox-mail")).to_have_count(3)  # with the sign-up's address confirmation
    unsubscribe_link = page.get_by_test_id("mail-link").filter(has_text="/releases/unsubscribe").first.get_attribute("href")
    assert unsubscribe_link

    page.goto(unsubscribe_link.split("?")[0] + "?token=" + "x" * 40)
    expect(page.get_by_test_id("link-error")).to_contain_text("Nothing was changed")
    page.goto("/releases")
    expect(status).to_have_text("Active")

    page.goto(unsubscribe_link)  # opening the link only asks (mail scanners open links)
    expect(page.get_by_test_id("link-title")).to_have_text("Unsubscribe from release digests?")
    page.get_by_test_id("confirm-unsubscribe").click()
    expect(page.get_by_test_id("link-title")).to_have_text("You are unsubscribed")
    page.goto("/releases")
    expect(status).to_have_text("Unsubscribed")


def test_add_to_playlist_uses_one_running_playlist(page: Page) -> None:
    sign_up(page, unique_email("pl"))
    _open_feed(page)
    expect(page.get_by_test_id("release-playlist")).to_have_text("New releases")
    page.get_by_test_id("add-playlist").first.click()
    expect(page.get_by_text("to “New releases” (new playlist)")).to_be_visible()
    page.get_by_test_id("add-playlist").first.click()
    expect(page.get_by_text("Already in “New releases”.")).to_be_visible()
    page.get_by_test_id("add-playlist").nth(1).click()
    expect(page.get_by_text(re.compile(r"^Added \d+ tracks? to “New releases”\.$"))).to_be_visible()  # the same playlist


def test_a_scan_spotify_refuses_is_shown_as_failed_not_as_nothing_new(page: Page, fakes: Fakes) -> None:
    refusal = (re.compile(r"/artists/\w+/albums"), 403, "Forbidden")
    sign_up(page, unique_email("refused"))
    page.goto("/account")
    page.get_by_test_id("spotify-connect").click()
    expect(page.get_by_test_id("spotify-status")).to_contain_text("Connected as")
    fakes.spotify.refused.append(refusal)
    try:
        page.goto("/releases")
        failed = page.get_by_test_id("feed-scan-failed")
        expect(failed).to_be_visible(timeout=60_000)
        expect(failed).to_contain_text("We couldn't check your artists")
        expect(page.get_by_test_id("feed-scan-failed-text")).to_contain_text("Spotify refused the request")
        expect(page.get_by_test_id("feed-empty")).to_have_count(0)
    finally:
        fakes.spotify.refused.remove(refusal)
        page.goto("/account")
        page.get_by_test_id("spotify-disconnect").click()
        expect(page.get_by_test_id("spotify-status")).to_have_text("Not connected")
