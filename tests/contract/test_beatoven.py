"""BeatovenComposer (httpx) against a local fake of Beatoven.ai's public API, and a
song-length beat made from it: its licence allows commercial release."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services.config import get_settings
from services.label import projects
from services.label.audio_io import write_wav
from services.label.beat_stage import make_project_beat
from services.label.beat_synth import BeatSpec, render_beat
from services.label.beatmaker import BeatError, BeatRequest, LocalBeatSynth, ReplicateMusicGen, make_beat_maker
from services.label.beatoven import BeatovenComposer
from tests.contract.fake_beatoven import KEY, FakeBeatoven
from tests.unit.label.conftest import make_user  # noqa: F401  (a fixture)


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeBeatoven]:
    audio = write_wav(tmp_path / "b.wav", render_beat(BeatSpec(bpm=100, duration_s=12, seed=2))).read_bytes()
    with FakeBeatoven(audio) as api:
        yield api


def _composer(fake: FakeBeatoven, key: str = KEY) -> BeatovenComposer:
    return BeatovenComposer(key, fake.url, poll_interval=0.01)


def test_a_composition_is_started_polled_and_downloaded(fake: FakeBeatoven, tmp_path: Path) -> None:
    steps: list[str] = []
    result = _composer(fake).make(BeatRequest(prompt="dusty keys", genre="lofi", mood="chill", bpm=84, key="F minor",
                                              duration_s=40), tmp_path / "beat", lambda _f, m: steps.append(m))
    assert result.path == tmp_path / "beat.wav" and result.path.read_bytes() == fake.audio
    assert result.source == "beatoven" and result.details["task_id"] == "task-1_1"
    (prompt,) = fake.composed_prompts()
    assert prompt.startswith("40 seconds chill lofi instrumental beat at 84 BPM in F minor") and "dusty keys" in prompt
    assert len(fake.calls("GET", r"^/api/v1/tasks/task-1_1$")) >= 2 and "Downloading the beat" in steps


@pytest.mark.parametrize(("outcome", "message"), [
    ("auth", "rejected the API key"), ("rate", "rate limit"), ("credits", "no composition credit"),
    ("fail", "could not compose"),
])
def test_errors_become_clear_messages_and_leave_no_file(fake: FakeBeatoven, tmp_path: Path, outcome: str,
                                                        message: str) -> None:
    fake.outcome = outcome
    with pytest.raises(BeatError, match=message):
        _composer(fake).make(BeatRequest(), tmp_path / "beat")
    assert list(tmp_path.iterdir()) == [tmp_path / "b.wav"]


def test_a_song_length_beat_from_beatoven_records_a_commercial_licence(
        fake: FakeBeatoven, make_user: Callable[[str], int]) -> None:  # noqa: F811
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    beat = make_project_beat(ana, p.id, BeatRequest(bpm=100, duration_s=30, seed=1), maker=_composer(fake))
    assert beat.duration_s >= 30.0 and beat.meta["source"] == "beatoven"  # 12 s compositions, extended on bar lines
    assert beat.meta["commercial"] is True and beat.meta["licence"] == "Beatoven.ai licence"


def test_the_generator_setting_picks_the_adapter(fake: FakeBeatoven, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEATOVEN_API_KEY", KEY)
    monkeypatch.setenv("BEATOVEN_BASE_URL", fake.url)
    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_x")
    get_settings.cache_clear()
    try:
        assert isinstance(make_beat_maker(), BeatovenComposer)  # auto: the commercial one first
        assert isinstance(make_beat_maker("musicgen"), ReplicateMusicGen)
        assert isinstance(make_beat_maker("local"), LocalBeatSynth)
        monkeypatch.setenv("BEAT_GENERATOR", "musicgen")
        get_settings.cache_clear()
        assert isinstance(make_beat_maker(), ReplicateMusicGen)
    finally:
        get_settings.cache_clear()
