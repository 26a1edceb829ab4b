"""Release and content stages of the /label timeline in the browser: complete the release
stage and download the ZIP (checked file by file), upload a small generated video and
hear its sound."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import run_seed, sign_up, unique_email

pytestmark = pytest.mark.e2e

# Runs in the app's data directory: a project with a master, as the mix stage leaves it
# (the mix itself is the label page's own e2e).
SEED = """
import sys
from sqlmodel import select
from services.accounts.models import User
from services.db import session_scope
from services.label import projects
from services.label.lyrics_stage import edit_lyrics
from tests.unit.label.conftest import add_master
with session_scope() as db:
    uid = db.exec(select(User.id).where(User.email == sys.argv[1])).one()
p = projects.create_project(uid, "Night Drive")
projects.update_project_data(uid, p.id, bpm=96.0, key="A minor", genre="synthwave", mood="dreamy")
edit_lyrics(uid, p.id, "[Verse 1]\\nHeadlights on the wet road")  # saved as the lyrics stage saves them
add_master(uid, p.id, seconds=4)
print(p.id)
"""


def seed_project(app: RunningApp, email: str) -> int:
    return int(run_seed(app, SEED, email))


def open_stage(page: Page, stage: str, heading: str) -> None:
    """On /label, with the seeded project open, click a stage on the timeline."""
    page.goto("/label")
    expect(page.get_by_test_id("project-name")).to_have_value("Night Drive")
    page.get_by_test_id(f"stage-{stage}").click()
    expect(page.get_by_test_id("open-stage")).to_have_text(heading)
    expect(page.get_by_test_id(f"studio-{stage}")).to_be_visible()


def _cookies(page: Page) -> dict[str, str]:
    return {c["name"]: c["value"] for c in page.context.cookies()}


def test_release_pack_is_built_and_downloaded(page: Page, app_server: RunningApp, tmp_path: Path) -> None:
    email = unique_email("release")
    sign_up(page, email)
    seed_project(app_server, email)
    open_stage(page, "release", "Release")
    missing = page.get_by_test_id("release-missing")
    expect(missing).to_contain_text("an artist name")
    expect(missing).to_contain_text("a cover")
    expect(missing).not_to_contain_text("mastered audio")

    page.get_by_test_id("release-artist").fill("Ana Lux")
    page.get_by_test_id("release-upc").fill("036000291453")
    page.get_by_test_id("release-save").click()
    expect(page.get_by_test_id("release-error")).to_contain_text("last digit should be 2")
    expect(page.get_by_test_id("release-artist")).to_have_value("Ana Lux")  # nothing typed is lost
    page.get_by_test_id("release-upc").fill("036000291452")
    page.get_by_test_id("release-release_date").fill("2026-12-04")
    page.get_by_test_id("release-save").click()
    expect(page.get_by_test_id("release-notice")).to_contain_text("saved")

    page.get_by_test_id("release-make-covers").click()
    expect(page.get_by_test_id("release-pick")).to_have_count(3, timeout=60_000)
    page.get_by_test_id("release-pick").nth(1).click()
    expect(page.get_by_test_id("release-finals")).to_contain_text("3000×3000", timeout=60_000)
    expect(page.get_by_test_id("release-missing")).to_have_count(0)

    page.get_by_test_id("release-build").click()
    expect(page.get_by_test_id("release-notice")).to_contain_text("Release pack ready", timeout=90_000)
    link = page.get_by_test_id("release-download").first
    href = link.get_attribute("href")
    assert href and href.startswith("/api/media/")
    assert httpx.get(app_server.url + href).status_code == 404  # not signed in: no file, and ids reveal nothing
    resp = httpx.get(app_server.url + href, cookies=_cookies(page))
    assert resp.status_code == 200 and "attachment" in resp.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(resp.content)) as zf:
        assert zf.namelist() == [
            "audio/mixed_mastered.wav", "audio/mixed_mastered.mp3", "cover/cover_3000.jpg", "cover/cover_1500.jpg",
            "cover/cover_vertical.jpg", "lyrics/lyrics.pdf", "metadata/metadata.json",
            "copy/release_description.txt", "copy/press_pitch.txt", "copy/tagline.txt",
        ]
        meta = json.loads(zf.read("metadata/metadata.json"))
    assert (meta["title"], meta["artist"], meta["upc"], meta["release_date"]) == ("Night Drive", "Ana Lux", "036000291452", "2026-12-04")

    # A second pack on the Free plan opens the upgrade dialog instead.
    page.get_by_test_id("release-build").click()
    expect(page.get_by_test_id("release-error")).to_contain_text("release packs per 24 hours")
    assert "LabelState" not in app_server.log()  # the /label page's handlers never raised along the way


def test_uploaded_video_has_its_sound_extracted(page: Page, app_server: RunningApp, tmp_path: Path) -> None:
    email = unique_email("content")
    sign_up(page, email)
    seed_project(app_server, email)
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x568:rate=25:duration=2",
                    "-f", "lavfi", "-i", "sine=frequency=660:duration=2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip)], check=True)
    open_stage(page, "content", "Content")
    page.locator("[data-testid=content-upload] input[type=file]").set_input_files(str(clip))
    expect(page.get_by_test_id("content-audio")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("content-needs-key")).to_contain_text("needs an OpenAI key")
    audio_src = page.locator("[data-testid=content-audio] audio").get_attribute("src")
    resp = httpx.get(app_server.url + str(audio_src), cookies=_cookies(page))
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("audio/mpeg") and len(resp.content) > 1000

    page.get_by_test_id("schedule-date").fill("2020-01-01")
    page.get_by_test_id("schedule-caption").fill("Out now")
    page.get_by_test_id("schedule-submit").click()
    expect(page.get_by_test_id("schedule-error")).to_contain_text("is in the past")
    expect(page.get_by_test_id("schedule-caption")).to_have_value("Out now")
    page.get_by_test_id("schedule-date").fill("2031-05-04")
    page.get_by_test_id("schedule-submit").click()
    expect(page.get_by_test_id("schedule-row")).to_have_count(1)
    expect(page.get_by_test_id("content-calendar")).to_contain_text("TikTok")
