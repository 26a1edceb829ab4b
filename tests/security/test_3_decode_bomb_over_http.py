"""Item 3 through the real upload route: in Chromium, a person drops a 2-3 MB file holding
three hours of audio on the Label page's take upload (Reflex's `/_upload`, the door,
then the state's upload handler on the running app). It is refused on the page with
what is wrong, within 2 s of the file being chosen (upload included), and the server's processes (the app
and its ffmpeg children) grow by less than 300 MB meanwhile; no take is kept."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email
from tests.security.test_audio_uploads import PeakMemory

pytestmark = pytest.mark.e2e
MB = 1024 * 1024


def test_hours_of_audio_in_a_small_upload_are_refused_fast_and_small(page: Page, app_server: RunningApp,
                                                                      tmp_path: Path) -> None:
    bomb = tmp_path / "long.flac"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "10800",
                    "-c:a", "flac", str(bomb)], check=True)
    assert 1 * MB <= bomb.stat().st_size <= 3 * MB

    sign_up(page, unique_email("bomb"))
    page.goto("/label")
    page.get_by_test_id("new-project").click()
    expect(page.get_by_test_id("project-item").first).to_be_visible()
    page.get_by_test_id("stage-upload").click()
    upload = page.locator("[data-testid=vocal-upload] input[type=file]")
    expect(page.get_by_test_id("upload-caps")).to_contain_text("15:00 long")

    with PeakMemory(app_server.process.pid) as memory:
        started = time.perf_counter()
        upload.set_input_files(str(bomb))
        expect(page.get_by_test_id("upload-error")).to_contain_text("3:00:00 long; a vocal take may be 15:00 at most",
                                                                    timeout=20_000)
        refused = time.perf_counter()
    print(f"decode bomb over /_upload: refused on the page {refused - started:.2f} s after the file was chosen; "
          f"server memory growth {memory.growth_mb:.0f} MB")
    assert refused - started < 2.0, refused - started
    assert memory.growth_mb < 300, memory.growth_mb
    expect(page.get_by_test_id("vocal-take")).to_have_count(0)
