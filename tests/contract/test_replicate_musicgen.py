"""ReplicateMusicGen with the real `replicate` client against a local fake Replicate."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from services.config import get_settings
from services.label.beatmaker import BeatError, BeatRequest, ReplicateMusicGen, make_beat_maker
from tests.contract.fake_replicate import TOKEN, FakeReplicate

VERSION = "671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb"


def _wav_bytes(seconds: float = 1.0) -> bytes:
    t = np.arange(int(seconds * 32000)) / 32000
    pcm = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(32000)
        out.writeframes(pcm.tobytes())
    return buf.getvalue()


@pytest.fixture
def fake() -> Iterator[FakeReplicate]:
    with FakeReplicate(_wav_bytes()) as api:
        yield api


def _maker(fake: FakeReplicate, token: str = TOKEN) -> ReplicateMusicGen:
    return ReplicateMusicGen(token, VERSION, base_url=fake.url, poll_interval=0.01)


def test_success_creates_polls_and_downloads_the_file(fake: FakeReplicate, tmp_path: Path) -> None:
    steps: list[str] = []
    result = _maker(fake).make(BeatRequest(prompt="dusty keys", genre="lofi", mood="chill", bpm=84, duration_s=99,
                                           model_version="large", seed=5), tmp_path / "beat",
                               lambda _f, m: steps.append(m))
    assert result.path == tmp_path / "beat.wav" and result.path.read_bytes() == fake.audio
    assert result.source == "replicate" and result.details["prediction_id"] == "p1"
    (sent,) = fake.created_inputs()
    assert sent["duration"] == 30 and sent["model_version"] == "large" and sent["seed"] == 5
    assert "dusty keys" in sent["prompt"] and "84 BPM" in sent["prompt"] and "lofi" in sent["prompt"]
    creates = fake.calls("POST", r"^/v1/predictions$")
    assert creates[0].json()["version"] == VERSION
    assert len(fake.calls("GET", r"^/v1/predictions/p1$")) >= 2  # polled until done
    assert fake.calls("GET", r"^/files/p1\.wav$")  # downloaded from the fake
    assert "Downloading the beat" in steps


def test_file_output_results_are_read_too(fake: FakeReplicate, tmp_path: Path) -> None:
    fake.outcome = "succeed_data_uri"  # the client turns data: URIs into FileOutput objects
    result = _maker(fake).make(BeatRequest(output_format="mp3"), tmp_path / "beat")
    assert result.path.suffix == ".mp3" and result.path.read_bytes() == fake.audio
    assert not fake.calls("GET", r"^/files/")


def test_melody_is_uploaded_and_passed_as_input_audio(fake: FakeReplicate, tmp_path: Path) -> None:
    melody = tmp_path / "melody.wav"
    melody.write_bytes(_wav_bytes(0.5))
    _maker(fake).make(BeatRequest(melody_path=melody), tmp_path / "beat")
    (sent,) = fake.created_inputs()
    assert sent["input_audio"].startswith(fake.url + "/files/upload")
    assert list(fake.uploads.values())[0].find(melody.read_bytes()[:44]) >= 0


def test_failed_prediction_is_a_clear_error(fake: FakeReplicate, tmp_path: Path) -> None:
    fake.outcome = "fail"
    with pytest.raises(BeatError, match="MusicGen failed: CUDA out of memory"):
        _maker(fake).make(BeatRequest(), tmp_path / "beat")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("outcome", "message"), [
    ("quota", "rate limit or quota"),
    ("billing", "no credit left"),
    ("auth", "rejected the API token"),
])
def test_quota_billing_and_auth_answers_become_clear_messages(fake: FakeReplicate, tmp_path: Path,
                                                              outcome: str, message: str) -> None:
    fake.outcome = outcome
    with pytest.raises(BeatError, match=message):
        _maker(fake).make(BeatRequest(), tmp_path / "beat")
    assert list(tmp_path.iterdir()) == []


def test_factory_uses_replicate_when_a_token_is_set(fake: FakeReplicate, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", fake.url)
    monkeypatch.setenv("MUSICGEN_VERSION", "abc123")
    get_settings.cache_clear()
    try:
        maker = make_beat_maker()
        assert isinstance(maker, ReplicateMusicGen) and maker.version == "abc123"
    finally:
        get_settings.cache_clear()
