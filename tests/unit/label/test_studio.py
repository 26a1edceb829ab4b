"""A project through beat, upload and mix as the page drives it, and spoken cues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from services.ai.speech import EspeakSpeaker
from services.label import projects
from services.label.audio_io import probe, write_wav
from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatRequest, LocalBeatSynth, make_beat_maker
from services.label.mix_stage import mix_project
from services.label.mixing import MixSettings
from services.label.vocals import add_vocal_take
from services.label.voices import speak, stage_cue

from .conftest import ffmpeg_convert, vocal_like


def test_offline_factory_picks_the_local_synth() -> None:
    assert isinstance(make_beat_maker(), LocalBeatSynth)


def test_beat_then_vocal_then_mix_and_master(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    beat = make_project_beat(ana, p.id, BeatRequest(bpm=128, genre="house", mood="energetic", key="C major",
                                                    duration_s=6, seed=7))
    bar = 240 / 128
    assert abs(beat.meta["bpm"] - 128) <= 2 and beat.meta["source"] == "local"
    assert 6 <= beat.duration_s < 6 + bar and beat.duration_s / bar == pytest.approx(round(beat.duration_s / bar), abs=0.01)
    assert beat.meta["key"] == "C major" and len(beat.meta["peaks"]) == 200 and beat.mime == "audio/flac"
    assert beat.meta["licence"].startswith("Simple Balance Music") and beat.meta["commercial"] is True
    take = write_wav(tmp_path / "take.wav", vocal_like(5.5))
    added = add_vocal_take(ana, p.id, take.read_bytes(), "take.wav")
    projects.update_asset_meta(ana, added.id, offset_s=3.0)
    steps: list[float] = []
    with pytest.raises(projects.LabelError, match="shorter than the chosen takes"):
        mix_project(ana, p.id, MixSettings(preset="clean"), "apple")  # the 7.5 s beat cannot hold a 5.5 s take at 3 s
    make_project_beat(ana, p.id, BeatRequest(bpm=128, genre="house", mood="energetic", key="C major", seed=8))
    report, assets = mix_project(ana, p.id, MixSettings(preset="clean"), "apple", on_progress=lambda f, _m: steps.append(f))
    assert [a.kind for a in assets] == ["mix", "master", "master_mp3"]
    assert abs(report.master.integrated + 16) <= 0.5 and report.master.true_peak <= -1.0
    assert report.wav_path == "" and report.mp3_path == ""  # no filesystem paths leave the service
    master = projects.asset_path(ana, assets[1].id)
    assert master is not None and probe(master).codec == "pcm_s24le"
    assert projects.asset_path(ana, assets[2].id) is not None
    info = projects.get_project(ana, p.id)
    assert info.done_stages == ("beat", "upload", "mix") and info.data["master_target"] == "apple"
    assert steps[-1] == 1.0


def test_mix_without_a_beat_says_what_is_missing(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    with pytest.raises(projects.LabelError, match="beat first"):
        mix_project(ana, p.id, MixSettings())
    with pytest.raises(projects.LabelError, match="target"):
        mix_project(ana, p.id, MixSettings(), "radio")


def test_cues_are_spoken_once_then_served_from_the_cache(db: None) -> None:
    first = stage_cue("beat", mood="dark", speaker=EspeakSpeaker())
    assert first.text == "Creating a dark beat for you." and first.persona == "Echo" and not first.cached
    assert probe(first.path).duration_s > 0.5
    again = stage_cue("beat", mood="dark", speaker=EspeakSpeaker())
    assert again.cached and again.path == first.path
    other = speak("Upload complete.", "Nova", EspeakSpeaker())
    assert other.path != first.path


def test_openai_speech_is_used_with_its_persona_voice_and_cached(db: None, tmp_path: Path) -> None:
    from tests.fakeapi import FakeAPI, Request, Response

    from services.ai.speech import OpenAISpeaker, SpeechError

    mp3 = ffmpeg_convert(write_wav(tmp_path / "s.wav", vocal_like(0.5)), tmp_path / "s.mp3")
    api = FakeAPI()

    @api.route("POST", r"/v1/audio/speech")
    def speech(req: Request) -> Response:
        body = req.json()
        if body["input"] == "boom":
            return Response.json({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota"}}, 429)
        return Response(200, mp3.read_bytes(), {"Content-Type": "audio/mpeg"})

    with api:
        speaker = OpenAISpeaker("sk-test", api.url + "/v1")
        cue = stage_cue("mix", speaker=speaker)
        assert cue.path.suffix == ".mp3" and cue.path.read_bytes() == mp3.read_bytes() and cue.persona == "Tone"
        (sent,) = [r.json() for r in api.calls("POST", r"/v1/audio/speech")]
        assert sent["voice"] == "onyx" and sent["input"] == "Mixing and mastering your track. One moment."
        assert stage_cue("mix", speaker=speaker).cached
        assert len(api.calls("POST", r"/v1/audio/speech")) == 1
        speaker.client = speaker.client.with_options(max_retries=0)
        with pytest.raises(SpeechError, match="quota"):
            speak("boom", "Echo", speaker)
