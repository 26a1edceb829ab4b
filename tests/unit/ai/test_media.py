"""Images, speech and transcription on OpenAI (the real client against a local fake):
every live call counts against the `ai_media` quota and its cost is recorded; past the
quota nothing is sent and the offline default (or a clear message) answers instead."""

from __future__ import annotations

import base64
import io
import math
import struct
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from services import quotas
from services.ai.images import LOCAL_ART_SOURCE, OpenAIImages
from services.ai.models import AIUsage
from services.ai.speech import OpenAISpeaker, SpeechError
from services.ai.transcription import WhisperTranscriber
from services.db import session_scope
from tests.fakeapi import FakeAPI, Request, Response
from tests.unit.ai.test_usage import make_user

pytestmark = pytest.mark.usefixtures("db")
PALETTE = [(20, 30, 40), (200, 180, 90)]


def tone_wav(seconds: float) -> bytes:
    """A mono 8 kHz sine tone as WAV bytes (ffprobe measures its length)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(int(8000 * seconds))))
    return buf.getvalue()


class FakeOpenAIMedia(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.fail = False
        self.route("POST", r"/v1/images/generations")(self._image)
        self.route("POST", r"/v1/audio/speech")(self._speech)
        self.route("POST", r"/v1/audio/transcriptions")(self._transcribe)

    def _image(self, req: Request) -> Response:
        if self.fail:
            return Response.json({"error": {"message": "server error", "type": "server_error"}}, 500)
        buf = io.BytesIO()
        Image.new("RGB", (1024, 768), (10, 200, 30)).save(buf, format="PNG")
        return Response.json({"created": 1, "data": [{"b64_json": base64.b64encode(buf.getvalue()).decode()}],
                              "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}})

    def _speech(self, req: Request) -> Response:
        return Response(200, tone_wav(3.0), {"Content-Type": "audio/mpeg"})

    def _transcribe(self, req: Request) -> Response:
        return Response.json({"text": " hello there ", "usage": {"type": "duration", "seconds": 90}})


@pytest.fixture
def api(env: Callable[..., None]) -> Iterator[FakeOpenAIMedia]:
    with FakeOpenAIMedia() as fake:
        env(QUOTA_AI_MEDIA=2)
        yield fake


def used(user_id: int, kind: str) -> int:
    return {u.kind: u.used for u in quotas.usage(user_id)}[kind]


def usage_rows() -> list[tuple[str, str, int, int, float]]:
    with session_scope() as db:
        return [(r.task, r.model, r.tokens_in, r.tokens_out, r.cost_usd) for r in db.exec(AIUsage.__table__.select()).all()]  # type: ignore[attr-defined]


def test_an_image_is_counted_and_priced_and_past_the_quota_drawn_offline(api: FakeOpenAIMedia) -> None:
    uid = make_user("ana@example.com")
    maker = OpenAIImages("sk-test", api.url + "/v1")
    art = maker.art("a song", "seed", PALETTE, 0, uid, size=600)
    assert art.source == "OpenAI gpt-image-1" and art.image.size == (600, 600) and not art.note
    assert art.image.getpixel((300, 300)) == (10, 200, 30)
    assert used(uid, "ai_media") == 1 and used(uid, "ai_tokens") == 0  # counted as media, not as text tokens
    assert usage_rows() == [("images", "gpt-image-1", 50, 4160, pytest.approx((50 * 5 + 4160 * 40) / 1e6))]
    maker.art("a song", "seed", PALETTE, 1, uid)
    third = maker.art("a song", "seed", PALETTE, 2, uid)
    assert len(api.calls("POST", r"/v1/images/generations")) == 2  # the third was never sent
    assert third.source == LOCAL_ART_SOURCE and "used today's AI media calls (2 of 2)" in third.note
    assert used(uid, "ai_media") == 2


def test_a_failed_image_call_is_given_back_and_drawn_offline(api: FakeOpenAIMedia) -> None:
    uid = make_user("bo@example.com")
    api.fail = True
    maker = OpenAIImages("sk-test", api.url + "/v1", max_retries=0)
    art = maker.art("a song", "seed", PALETTE, 0, uid, size=200)
    assert art.source == LOCAL_ART_SOURCE and "failed" in art.note and art.image.size == (200, 200)
    assert used(uid, "ai_media") == 0 and usage_rows() == []


def test_speech_is_priced_by_the_length_of_the_audio_and_refused_past_the_quota(api: FakeOpenAIMedia, tmp_path: Path) -> None:
    speaker = OpenAISpeaker("sk-test", api.url + "/v1")
    uid = make_user("cy@example.com")
    speaker.synthesize("Hello there.", "alloy", tmp_path / "a.mp3", user_id=uid)
    assert (tmp_path / "a.mp3").stat().st_size > 1000 and used(uid, "ai_media") == 1
    [(task, model, _, _, cost)] = usage_rows()
    assert (task, model) == ("speech", "gpt-4o-mini-tts") and cost == pytest.approx(0.015 * 3 / 60, rel=0.05)
    speaker.synthesize("Again.", "alloy", tmp_path / "b.mp3", user_id=uid)
    with pytest.raises(SpeechError, match="AI media calls"):
        speaker.synthesize("Once more.", "alloy", tmp_path / "c.mp3", user_id=uid)
    assert len(api.calls("POST", r"/v1/audio/speech")) == 2 and not (tmp_path / "c.mp3").exists()


def test_transcription_is_priced_per_minute_and_past_the_quota_says_why(api: FakeOpenAIMedia, tmp_path: Path) -> None:
    audio = tmp_path / "clip.wav"
    audio.write_bytes(tone_wav(1.0))
    whisper = WhisperTranscriber("sk-test", api.url + "/v1")
    uid = make_user("di@example.com")
    result = whisper.transcribe(audio, uid)
    assert (result.status, result.text) == ("done", "hello there")
    assert usage_rows() == [("transcription", "whisper-1", 0, 0, pytest.approx(0.006 * 1.5))]  # 90 s reported
    whisper.transcribe(audio, uid)
    refused = whisper.transcribe(audio, uid)
    assert refused.status == "failed" and refused.text == "" and "AI media calls" in refused.message
    assert len(api.calls("POST", r"/v1/audio/transcriptions")) == 2


def test_spend_gives_the_charge_back_when_the_call_fails() -> None:
    uid = make_user("ed@example.com")
    with pytest.raises(RuntimeError):
        with quotas.spend(uid, "ai_media"):
            assert used(uid, "ai_media") == 1
            raise RuntimeError("the vendor failed")
    assert used(uid, "ai_media") == 0
