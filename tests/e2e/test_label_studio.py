"""The Label page in the browser: one song from a new project through beat, lyrics,
vocal takes and a mastered track; bad uploads refused without loss; the Free plan's
project limit and a live upgrade by signed webhook."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import numpy as np
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from services.label.audio_io import write_wav
from tests.apprunner import RunningApp
from tests.contract.fake_stripe import signed_event
from tests.e2e.conftest import Fakes, sign_up, unique_email

pytestmark = pytest.mark.e2e
SLOW = 120_000


def _vocal_wav(path: Path, seconds: float = 6.0, sr: int = 44100) -> Path:
    """A sung-ish line: a harmonic tone gliding between notes, with syllable gaps."""
    t = np.arange(int(seconds * sr)) / sr
    pitch = 220 * 2 ** (np.round(np.sin(2 * np.pi * 0.5 * t) * 3) / 12)
    phase = 2 * np.pi * np.cumsum(pitch) / sr
    tone = sum(np.sin(k * phase) / k for k in range(1, 5)) * (np.sin(2 * np.pi * 2 * t) > -0.3)
    mono = (0.25 * tone).astype(np.float32)
    return write_wav(path, np.stack([mono, mono], axis=1))


def _number(page: Page, test_id: str) -> float:
    return float(page.get_by_test_id(test_id).inner_text().replace("−", "-"))


def test_a_song_from_beat_to_master(page: Page, app_server: RunningApp, tmp_path: Path) -> None:
    sign_up(page, unique_email("artist"))
    page.goto("/label")
    expect(page.get_by_text("No projects yet")).to_be_visible()
    page.get_by_test_id("new-project").click()
    name = page.get_by_test_id("project-name")
    expect(name).to_have_value("Untitled project 1")
    name.fill("Night drive")
    name.press("Enter")
    expect(page.get_by_test_id("project-item").first).to_contain_text("Night drive")
    expect(page.get_by_test_id("progress-percent")).to_have_text("0%")

    # Beat (local synth): tempo and key are measured from the audio.
    expect(page.get_by_test_id("open-stage")).to_have_text("Beat")
    length = page.get_by_test_id("field-beat_duration")
    length.fill("8")
    length.blur()
    page.get_by_test_id("make-beat").click()
    expect(page.get_by_test_id("beat-bpm")).to_be_visible(timeout=SLOW)
    assert abs(_number(page, "beat-bpm") - 90) <= 3
    expect(page.get_by_test_id("beat-key")).not_to_have_text("—")
    expect(page.get_by_test_id("stage-beat")).to_have_attribute("data-done", "true")
    expect(page.get_by_test_id("progress-percent")).to_have_text("14%")
    beat_src = page.get_by_test_id("beat-audio").get_attribute("src")
    assert beat_src and beat_src.startswith("/api/media/")

    # Lyrics (offline composer): write, refine, undo.
    page.get_by_test_id("stage-lyrics").click()
    expect(page.get_by_test_id("open-stage")).to_have_text("Lyrics")
    theme = page.get_by_test_id("field-lyr_theme")
    theme.fill("city lights and leaving home")
    theme.blur()
    page.get_by_test_id("write-lyrics").click()
    expect(page.get_by_test_id("lyrics-section").first).to_be_visible()
    assert page.get_by_test_id("lyrics-section").count() >= 2
    expect(page.get_by_test_id("lyrics-source")).to_have_text("offline composer")
    expect(page.get_by_test_id("undo-lyrics")).to_be_disabled()
    page.get_by_test_id("refine-instruction").fill("make the chorus shorter")
    page.get_by_test_id("refine-lyrics").click()
    expect(page.get_by_test_id("undo-lyrics")).to_be_enabled()
    expect(page.get_by_text("make the chorus shorter")).to_be_visible()
    page.get_by_test_id("undo-lyrics").click()
    expect(page.get_by_test_id("undo-lyrics")).to_be_disabled()
    expect(page.get_by_test_id("stage-lyrics")).to_have_attribute("data-done", "true")

    # Vocals: a real take is kept; a text file named .wav is refused and loses nothing.
    page.get_by_test_id("stage-upload").click()
    upload = page.locator("[data-testid=vocal-upload] input[type=file]")
    upload.set_input_files(str(_vocal_wav(tmp_path / "take one.wav")))
    expect(page.get_by_test_id("vocal-take")).to_have_count(1)
    expect(page.get_by_test_id("vocal-take")).to_contain_text("take one.wav")
    fake = tmp_path / "not-audio.wav"
    fake.write_text("these are my lyrics, not a recording\n" * 50)
    upload.set_input_files(str(fake))
    expect(page.get_by_test_id("upload-error")).to_contain_text("not an audio file")
    expect(page.get_by_test_id("upload-error")).to_contain_text("not-audio.wav")
    expect(page.get_by_test_id("vocal-take")).to_have_count(1)
    expect(page.get_by_test_id("stage-upload")).to_have_attribute("data-done", "true")

    # Mix and master to Spotify's -14 LUFS, in the background; the figures appear.
    page.get_by_test_id("stage-mix").click()
    page.get_by_test_id("run-mix").click()
    expect(page.get_by_test_id("mix-progress")).to_be_visible()
    page.get_by_test_id("stage-lyrics").click()  # the page stays usable while mastering runs
    expect(page.get_by_test_id("open-stage")).to_have_text("Lyrics")
    page.get_by_test_id("stage-mix").click()
    expect(page.get_by_test_id("master-lufs")).to_be_visible(timeout=SLOW)
    assert abs(_number(page, "master-lufs") - (-14.0)) <= 1.0
    assert _number(page, "master-peak") <= -1.0
    expect(page.get_by_test_id("master-lra")).to_be_visible()
    expect(page.get_by_test_id("progress-percent")).to_have_text("57%")

    # Downloads are the owner's only, with range support for seeking.
    after = page.get_by_test_id("after-audio").get_attribute("src")
    assert after
    mine = page.request.get(after, headers={"Range": "bytes=0-99"})
    assert mine.status == 206 and mine.headers["content-type"] == "audio/wav" and len(mine.body()) == 100
    assert httpx.get(f"{app_server.url}{after}").status_code == 404  # no session cookie

    # The project survives a reload (autosaved).
    page.reload()
    expect(page.get_by_test_id("project-name")).to_have_value("Night drive")
    expect(page.get_by_test_id("master-lufs")).to_be_visible()
    assert "LabelState" not in app_server.log()  # no handler of this page raised along the way


def test_free_limit_then_live_upgrade_by_webhook(page: Page, context: BrowserContext, fakes: Fakes, app_server: RunningApp) -> None:
    sign_up(page, unique_email("label-free"))
    page.goto("/label")
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item")).to_have_count(1)
    expect(page.get_by_test_id("label-plan")).to_have_text("Free")
    expect(page.get_by_test_id("project-limit")).to_have_text("1 of 1 saved project")

    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("upgrade-dialog")).to_be_visible()
    expect(page.get_by_test_id("upgrade-message")).to_contain_text("1 saved label projects")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("upgrade-dialog")).not_to_be_visible()
    expect(page.get_by_test_id("project-item")).to_have_count(1)

    checkout_tab = context.new_page()
    checkout_tab.goto("/billing")
    checkout_tab.get_by_test_id("checkout-month").click()
    expect(checkout_tab).to_have_url(re.compile(r"/pay/cs_"))
    session = list(fakes.stripe.checkouts.values())[-1]
    user_id, customer = session["client_reference_id"], session["customer"]
    sub = fakes.stripe.set_subscription(f"sub_{user_id}", customer, "active")
    body, sig = signed_event("checkout.session.completed", {"id": f"cs_label_{user_id}", "object": "checkout.session", "customer": customer,
                                                            "subscription": sub["id"], "client_reference_id": user_id})
    resp = httpx.post(f"{app_server.url}/api/billing/webhook", content=body, headers={"Stripe-Signature": sig})
    assert resp.status_code == 200

    # The label tab never reloaded: the plan arrives over its websocket and the limit is gone.
    expect(page.get_by_test_id("label-plan")).to_have_text("Pro")
    expect(page.get_by_test_id("project-limit")).to_contain_text("1 of 200")
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item")).to_have_count(2)
    expect(page.get_by_test_id("upgrade-dialog")).not_to_be_visible()
