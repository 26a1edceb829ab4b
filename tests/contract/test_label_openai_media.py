"""Whisper transcription and image generation with the real openai client against a
local fake (`OPENAI_BASE_URL`), through the same factories the app uses."""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from services.ai.models import AIUsage
from services.config import get_settings
from services.db import session_scope
from services.label import projects
from services.ai.images import OpenAIImages
from services.ai.transcription import WhisperTranscriber, get_transcriber
from services.label.content import add_video
from services.label.cover_art import make_candidates, pick_cover
from services.label.release import save_release
from tests.fakeapi import FakeAPI, Request, Response
from tests.unit.label.conftest import make_user, make_video  # noqa: F401  (make_user is a fixture)


def multipart_fields(req: Request) -> dict[str, bytes]:
    """name -> value of a multipart/form-data body (a minimal reader for the test)."""
    boundary = req.headers["content-type"].split("boundary=")[1].strip('"').encode()
    fields: dict[str, bytes] = {}
    for part in req.body.split(b"--" + boundary)[1:-1]:
        head, _, value = part.strip(b"\r\n").partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields[name] = value
    return fields


class FakeMediaAPI(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.fail_transcription = False
        self.route("POST", r"/v1/audio/transcriptions")(self._transcribe)
        self.route("POST", r"/v1/images/generations")(self._image)

    def _transcribe(self, req: Request) -> Response:
        if self.fail_transcription:
            return Response.json({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}, 429)
        fields = multipart_fields(req)
        assert fields["model"] == b"whisper-1" and len(fields["file"]) > 1000
        return Response.json({"text": f"  we heard {len(fields['file'])} bytes of sound  "})

    def _image(self, req: Request) -> Response:
        body = req.json()
        n = len(self.calls("POST", r"/v1/images/generations"))
        img = Image.new("RGB", (1024, 1024), (40 * n, 90, 160))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        return Response.json({"created": int(time.time()), "data": [{"b64_json": base64.b64encode(buf.getvalue()).decode()}],
                              "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210},
                              "echo_model": body["model"]})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMediaAPI]:
    with FakeMediaAPI() as api:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", api.url + "/v1")
        get_settings.cache_clear()
        try:
            yield api
        finally:
            monkeypatch.delenv("OPENAI_API_KEY")
            monkeypatch.delenv("OPENAI_BASE_URL")
            get_settings.cache_clear()


def test_whisper_transcribes_the_videos_sound(fake: FakeMediaAPI, make_user: Callable[..., int], tmp_path: Path) -> None:
    uid = make_user()
    p = projects.create_project(uid, "Night Drive")
    assert isinstance(get_transcriber(), WhisperTranscriber)
    video = add_video(uid, p.id, make_video(tmp_path / "clip.mp4").read_bytes())
    sound = projects.asset_path(uid, video.meta["audio_asset_id"])
    assert sound is not None
    assert video.meta["transcript_status"] == "done" and video.meta["transcript_source"] == "OpenAI whisper-1"
    assert video.meta["transcript"] == f"we heard {sound.stat().st_size} bytes of sound"
    (call,) = fake.calls("POST", r"/v1/audio/transcriptions")
    assert call.headers["authorization"] == "Bearer sk-test"
    with session_scope() as db:
        assert [u.task for u in db.exec(AIUsage.__table__.select()).all()] == ["transcription"]  # type: ignore[attr-defined]


def test_whisper_quota_error_is_a_clear_state_not_a_transcript(fake: FakeMediaAPI, make_user: Callable[..., int], tmp_path: Path) -> None:
    uid = make_user()
    p = projects.create_project(uid, "Night Drive")
    fake.fail_transcription = True
    transcriber = WhisperTranscriber("sk-test", fake.url + "/v1")
    transcriber.client = transcriber.client.with_options(max_retries=0)
    video = add_video(uid, p.id, make_video(tmp_path / "clip.mp4").read_bytes(), transcriber=transcriber)
    assert video.meta["transcript_status"] == "failed" and video.meta["transcript"] == ""
    assert "quota" in video.meta["transcript_message"]
    assert projects.list_assets(uid, p.id, "video")  # the video itself is kept


def test_cover_candidates_from_the_image_model(fake: FakeMediaAPI, make_user: Callable[..., int]) -> None:
    uid = make_user()
    p = projects.create_project(uid, "Night Drive")
    save_release(uid, p.id, artist="Ana Lux", mood="dreamy")
    candidates = make_candidates(uid, p.id)
    calls = fake.calls("POST", r"/v1/images/generations")
    assert len(calls) == 3 and len(candidates) == 3
    sent = [json.loads(c.body) for c in calls]
    assert all(s["model"] == "gpt-image-1" and "no text" in s["prompt"] and "Night Drive" in s["prompt"] for s in sent)
    assert {c.meta["source"] for c in candidates} == {"OpenAI gpt-image-1"}
    with Image.open(projects.asset_path(uid, candidates[0].id)) as img:  # type: ignore[arg-type]
        assert img.size == (1000, 1000) and img.mode == "RGB"
    finals = {a.kind: a for a in pick_cover(uid, p.id, candidates[2].id)}
    with Image.open(projects.asset_path(uid, finals["cover_3000"].id)) as img:  # type: ignore[arg-type]
        assert img.size == (3000, 3000)
    assert finals["cover_3000"].meta["text"] == ["Night Drive", "Ana Lux"]
    assert isinstance(OpenAIImages("k").source, str)
