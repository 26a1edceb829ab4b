"""The Label page in the browser: one song from a new project through two takes (one
chosen), a beat that follows them, versions deleted with the storage meter following,
lyrics, mix and master with its report and a loudness-matched A/B, and the release
pack; bad uploads and an out-of-range tempo refused on the page without loss; the
Free plan's project limit and a live upgrade by signed webhook."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import httpx
import numpy as np
import pytest
from mutagen.id3 import ID3
from playwright.sync_api import BrowserContext, Page, expect

from services.label.audio_io import write_wav
from tests.apprunner import RunningApp
from tests.e2e.conftest import pay_test_checkout, sign_up, unique_email

pytestmark = pytest.mark.e2e
SLOW = 120_000


def _vocal_wav(path: Path, seconds: float = 6.0, base: float = 220, sr: int = 44100) -> Path:
    """A sung-ish line: a harmonic tone gliding between notes, with syllable gaps."""
    t = np.arange(int(seconds * sr)) / sr
    pitch = base * 2 ** (np.round(np.sin(2 * np.pi * 0.5 * t) * 3) / 12)
    phase = 2 * np.pi * np.cumsum(pitch) / sr
    tone = sum(np.sin(k * phase) / k for k in range(1, 5)) * (np.sin(2 * np.pi * 2 * t) > -0.3)
    mono = (0.25 * tone).astype(np.float32)
    return write_wav(path, np.stack([mono, mono], axis=1))


def _number(page: Page, test_id: str) -> float:
    return float(page.get_by_test_id(test_id).inner_text().replace("−", "-"))


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def _cookies(page: Page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies()}


def _playing(page: Page, element_id: str) -> bool:
    return bool(page.evaluate(f"() => !document.getElementById('{element_id}').paused"))


def test_a_song_with_two_takes_versions_ab_and_the_pack(page: Page, app_server: RunningApp, tmp_path: Path) -> None:
    sign_up(page, unique_email("artist"))
    page.goto("/label")
    expect(page.get_by_text("No projects yet")).to_be_visible()
    page.get_by_test_id("new-project").click()
    name = page.get_by_test_id("project-name")
    expect(name).to_have_value("Untitled project 1")
    name.fill("Night drive")
    name.press("Enter")
    expect(page.get_by_test_id("project-item").first).to_contain_text("Night drive")
    expect(page.get_by_test_id("storage-meter")).to_contain_text("MB of")

    # Two takes: the first is chosen, then the artist chooses the second. Bad files are refused on the page.
    page.get_by_test_id("stage-upload").click()
    expect(page.get_by_test_id("upload-caps")).to_contain_text("up to 50 MB, 15:00 long")
    upload = page.locator("[data-testid=vocal-upload] input[type=file]")
    upload.set_input_files(str(_vocal_wav(tmp_path / "take one.wav", 7.0, 220)))
    expect(page.get_by_test_id("vocal-take")).to_have_count(1)
    upload.set_input_files(str(_vocal_wav(tmp_path / "take two.wav", 7.0, 247)))
    expect(page.get_by_test_id("vocal-take")).to_have_count(2)
    expect(page.get_by_test_id("take-chosen")).to_have_count(1)
    page.get_by_test_id("take-choose").click()  # the newest take, listed first
    expect(page.get_by_test_id("vocal-take").first.get_by_test_id("take-chosen")).to_be_visible()
    expect(page.get_by_test_id("take-chosen")).to_have_count(1)
    _ffmpeg("-f", "lavfi", "-i", "sine=f=330:d=30", "-b:a", "128k", str(tmp_path / "whole.mp3"))
    (tmp_path / "cut.mp3").write_bytes((tmp_path / "whole.mp3").read_bytes()[:150_000])
    upload.set_input_files(str(tmp_path / "cut.mp3"))
    expect(page.get_by_test_id("upload-error")).to_contain_text("cut.mp3: The file is cut short")
    upload.set_input_files(str(_vocal_wav(tmp_path / "short.wav", 2.0, 220)))
    expect(page.get_by_test_id("upload-error")).to_contain_text("at least 5 s")
    expect(page.get_by_test_id("vocal-take")).to_have_count(2)  # nothing already kept was lost
    upload.set_input_files(str(_vocal_wav(tmp_path / "spare.wav", 6.0, 196)))
    expect(page.get_by_test_id("vocal-take")).to_have_count(3)
    page.get_by_test_id("vocal-take").first.get_by_test_id("take-delete").click()  # the spare, listed first
    expect(page.get_by_test_id("take-confirm-delete")).to_be_visible()  # asked first, nothing gone yet
    expect(page.get_by_test_id("vocal-take")).to_have_count(3)
    page.get_by_test_id("take-confirm-delete").click()
    expect(page.get_by_test_id("vocal-take")).to_have_count(2)
    expect(page.get_by_test_id("upload-notice")).to_contain_text("Take deleted")
    expect(page.get_by_test_id("vocal-take").first.get_by_test_id("take-chosen")).to_be_visible()

    # The beat follows the takes; an out-of-range tempo is answered, not clamped.
    page.get_by_test_id("stage-beat").click()
    expect(page.get_by_test_id("beat-follows-takes")).to_be_visible()
    bpm = page.get_by_test_id("field-beat_bpm")
    bpm.fill("250")
    bpm.blur()
    page.get_by_test_id("make-beat").click()
    expect(page.get_by_test_id("beat-error")).to_contain_text("250 BPM is out of range")
    bpm.fill("96")
    bpm.blur()
    page.get_by_test_id("make-beat").click()
    expect(page.get_by_test_id("beat-bpm")).to_be_visible(timeout=SLOW)
    assert abs(_number(page, "beat-bpm") - 96) <= 2
    expect(page.get_by_test_id("beat-licence")).to_contain_text("our own code")
    expect(page.get_by_test_id("stage-beat")).to_have_attribute("data-done", "true")
    page.get_by_test_id("make-beat").click()  # a second version
    expect(page.get_by_test_id("version-row")).to_have_count(2, timeout=SLOW)
    used_before = page.get_by_test_id("storage-meter").inner_text()
    unused = page.get_by_test_id("version-row").filter(has=page.get_by_test_id("version-use"))
    unused.get_by_test_id("version-delete").click()
    page.get_by_test_id("version-confirm-delete").click()
    expect(page.get_by_test_id("version-row")).to_have_count(1)
    expect(page.get_by_test_id("versions-notice")).to_contain_text("MB freed")
    expect(page.get_by_test_id("storage-meter")).not_to_have_text(used_before)
    page.get_by_test_id("storage-use").locator("summary").click()  # what uses storage, by kind
    expect(page.get_by_test_id("storage-use-row").filter(has_text="Beats")).to_contain_text("1 file")
    expect(page.get_by_test_id("storage-use-row").filter(has_text="Vocal takes")).to_contain_text("2 files")

    # Lyrics by hand, then mix and master; the report and a loudness-matched A/B.
    page.get_by_test_id("stage-lyrics").click()
    page.get_by_test_id("field-lyr_theme").fill("city lights")
    page.get_by_test_id("write-lyrics").click()
    expect(page.get_by_test_id("lyrics-section").first).to_be_visible()
    page.get_by_test_id("edit-lyrics").click()
    page.get_by_test_id("lyrics-editor").fill("Night Drive\n\n[Verse 1]\nHeadlights drawing lines across the rain")
    page.get_by_test_id("save-lyrics").click()
    expect(page.get_by_test_id("lyrics-title")).to_have_text("Night Drive")
    page.get_by_test_id("stage-mix").click()
    page.get_by_test_id("preset-warm").click()
    page.get_by_test_id("run-mix").click()
    expect(page.get_by_test_id("mix-progress")).to_be_visible()
    expect(page.get_by_test_id("master-lufs")).to_be_visible(timeout=SLOW)
    assert abs(_number(page, "master-lufs") - (-14.0)) <= 0.5 and _number(page, "master-peak") <= -1.0
    assert _number(page, "mp3-peak") <= -1.0
    expect(page.get_by_test_id("report-row")).to_have_count(3)
    page.get_by_test_id("ab-b").click()
    page.wait_for_function("() => !document.getElementById('ab-b').paused")
    volumes = page.evaluate("() => [document.getElementById('ab-a').volume, document.getElementById('ab-b').volume]")
    assert volumes[1] < 0.9 and volumes[0] == 1.0  # the louder master is turned down to the mix
    page.get_by_test_id("ab-a").click()
    page.wait_for_function("() => !document.getElementById('ab-a').paused")
    assert not _playing(page, "ab-b")

    # The release pack: the lyrics in the MP3's lyrics frame, downloaded as the artist.
    page.get_by_test_id("stage-release").click()
    page.get_by_test_id("release-artist").fill("Ana Lux")
    page.get_by_test_id("release-writers").fill("Ana Lux")
    page.get_by_test_id("release-save").click()
    expect(page.get_by_test_id("release-notice")).to_contain_text("saved")
    page.get_by_test_id("release-make-covers").click()
    expect(page.get_by_test_id("release-pick")).to_have_count(3, timeout=60_000)
    page.get_by_test_id("release-pick").first.click()
    expect(page.get_by_test_id("release-finals")).to_contain_text("3000×3000", timeout=60_000)
    page.get_by_test_id("release-build").click()
    expect(page.get_by_test_id("release-notice")).to_contain_text("Release pack ready", timeout=90_000)
    expect(page.get_by_test_id("release-notice")).to_contain_text("not counted in your storage")
    href = page.get_by_test_id("release-download").first.get_attribute("href")
    resp = httpx.get(app_server.url + str(href), cookies=_cookies(page))
    assert resp.status_code == 200
    with zipfile.ZipFile(io.BytesIO(resp.content)) as zf:
        mp3 = tmp_path / "pack.mp3"
        mp3.write_bytes(zf.read("audio/mixed_mastered.mp3"))
        meta = json.loads(zf.read("metadata/metadata.json"))
    assert "Headlights drawing lines across the rain" in ID3(mp3).getall("USLT")[0].text
    assert meta["title"] == "Night Drive" and abs(meta["bpm"] - 96) <= 2
    assert "LabelState" not in app_server.log() and "Traceback" not in app_server.log()


def test_free_limit_then_live_upgrade_by_webhook(page: Page, context: BrowserContext) -> None:
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
    pay_test_checkout(checkout_tab)  # the built-in test gateway's events go through the same webhook handler
    expect(checkout_tab.get_by_test_id("plan-name")).to_have_text("Pro")

    # The label tab never reloaded: the plan arrives over its websocket and the limit is gone.
    expect(page.get_by_test_id("label-plan")).to_have_text("Pro")
    expect(page.get_by_test_id("project-limit")).to_contain_text("1 of 200")
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item")).to_have_count(2)
    expect(page.get_by_test_id("upgrade-dialog")).not_to_be_visible()
