"""Beats that follow the song: structure set by the artist or derived from the takes,
always covering them, up to six minutes; tempo answered when out of range; live
generators' segments joined on bar lines; generator and licence recorded; the
preview sound other pages use."""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from services.label import projects
from services.label.analysis import ANALYSIS_RATE, detect_bpm
from services.label.audio_io import write_wav
from services.label.beat_stage import cover, make_project_beat, plan_beat
from services.label.beat_synth import BeatSpec, render_beat
from services.label.beatmaker import MUSICGEN_LICENCE, BeatRequest, BeatResult
from services.label.preview import fold_tempo, render_preview
from services.label.segments import extend_to, join_on_bars
from services.label.structure import (
    StructureError,
    bar_seconds,
    check_bpm,
    default_sections,
    format_sections,
    parse_sections,
    sections_from_vocal,
)
from services.label.vocals import add_vocal_take

from .conftest import vocal_like


@pytest.mark.parametrize("bpm", [59.9, 200.5, float("nan"), "fast"])
def test_a_tempo_out_of_range_is_answered_not_clamped(bpm: object) -> None:
    with pytest.raises(StructureError, match="BPM|number"):
        check_bpm(bpm)  # type: ignore[arg-type]


def test_sections_typed_by_the_artist_are_read_and_checked() -> None:
    sections = parse_sections("Intro 4, verse 16; chorus x8\noutro 4", 120)
    assert [(s.kind, s.start_bar, s.bars) for s in sections] == [("intro", 0, 4), ("verse", 4, 16), ("chorus", 20, 8),
                                                                 ("outro", 28, 4)]
    assert format_sections(sections) == "intro 4, verse 16, chorus 8, outro 4"
    with pytest.raises(StructureError, match="“solo 8” is not a section"):
        parse_sections("intro 4, solo 8", 120)
    with pytest.raises(StructureError, match="6 minutes at most"):
        parse_sections("verse 64, chorus 64, verse 64", 90)


@pytest.mark.parametrize("seconds", [20, 95, 180, 240, 360])
def test_a_default_song_shape_covers_the_length_on_bar_lines(seconds: float) -> None:
    sections = default_sections(seconds, 96)
    total = sections[-1].end_bar * bar_seconds(96)
    assert seconds <= total <= min(360, seconds + 2 * bar_seconds(96)) + 0.01
    assert all(a.end_bar == b.start_bar for a, b in zip(sections, sections[1:], strict=False))
    if seconds >= 95:
        kinds = [s.kind for s in sections]
        assert kinds[0] == "intro" and kinds[-1] == "outro" and "chorus" in kinds and "verse" in kinds


def test_sections_follow_a_vocal_loud_choruses_and_quiet_verses() -> None:
    bpm, frame = 100.0, 0.1
    bar = bar_seconds(bpm)
    energy = np.zeros(int(100 / frame))
    for start in (8, 24, 40):  # bars of 8: verse quiet, chorus loud, ...
        energy[int(start * bar / frame): int((start + 8) * bar / frame)] = 0.3
    for start in (16, 32):
        energy[int(start * bar / frame): int((start + 8) * bar / frame)] = 1.0
    energy[: int(8 * bar / frame)] = 0.0  # the singer comes in after 8 bars
    sections = sections_from_vocal(energy, frame, 48 * bar, bpm)
    assert [(s.kind, s.bars) for s in sections] == [("intro", 8), ("verse", 8), ("chorus", 8), ("verse", 8),
                                                     ("chorus", 8), ("verse", 8), ("outro", 4)]


def test_cover_adds_chorus_bars_before_the_outro() -> None:
    sections, added = cover(parse_sections("intro 2, verse 4, outro 2", 120), 120, 30.0)  # 2 s bars
    assert added == 9 and [s.kind for s in sections] == ["intro", "verse", "chorus", "outro"]
    assert sections[-1].end_bar * 2.0 >= 30.0 + 2 * 2.0


def test_the_local_synth_renders_six_minutes_quickly_with_its_structure() -> None:
    sections = tuple(default_sections(360, 120))
    beat = render_beat(BeatSpec(bpm=120, sections=sections, seed=1), 22050)
    assert len(beat) == sections[-1].end_bar * round(2.0 * 22050)
    intro = beat[: 4 * 44100]
    chorus_start = next(s for s in sections if s.kind == "chorus").start_bar * 44100
    chorus = beat[chorus_start: chorus_start + 4 * 44100]
    assert np.sqrt(np.mean(chorus ** 2)) > 1.5 * np.sqrt(np.mean(intro ** 2))  # the intro is sparse, the chorus full


def test_a_beat_follows_the_chosen_takes_and_their_offsets(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    take = add_vocal_take(ana, p.id, write_wav(tmp_path / "v.wav", vocal_like(12.0)), "v.wav")
    projects.update_asset_meta(ana, take.id, offset_s=6.0)
    plan = plan_beat(ana, p.id, 120, 30)
    assert plan.derived_from == "vocal" and plan.vocal_end_s == pytest.approx(18.0, abs=0.05)
    assert plan.seconds >= 18.0 and plan.sections[-1].kind == "outro"
    typed = plan_beat(ana, p.id, 120, 30, "verse 2, outro 2")
    assert typed.derived_from == "artist" and typed.seconds >= 18.0 and "covers the vocal" in typed.notes[0]
    with pytest.raises(projects.LabelError, match="out of range"):
        plan_beat(ana, p.id, 250, 30)


def test_without_takes_the_length_is_checked(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    with pytest.raises(projects.LabelError, match="5 seconds to 6 minutes"):
        plan_beat(ana, p.id, 100, 400)
    assert plan_beat(ana, p.id, 100, 200).seconds >= 200


class SegmentMaker:
    """A live generator stand-in: at most 10 s per request, at the tempo asked."""

    source, label, licence, max_seconds = "replicate", "MusicGen on Replicate", MUSICGEN_LICENCE, 10.0

    def __init__(self) -> None:
        self.requests: list[BeatRequest] = []

    def make(self, request: BeatRequest, out_path_stem: Path, on_progress=None) -> BeatResult:  # type: ignore[no-untyped-def]
        self.requests.append(request)
        audio = render_beat(BeatSpec(bpm=request.bpm, key=request.key, duration_s=request.duration_s, seed=len(self.requests)))
        path = write_wav(out_path_stem.with_suffix(".wav"), audio)
        return BeatResult(path, self.source, "audio/wav", 0.1, {"prediction_id": f"p{len(self.requests)}"})


def test_a_live_generator_is_asked_for_segments_joined_on_bar_lines(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    maker = SegmentMaker()
    beat = make_project_beat(ana, p.id, BeatRequest(bpm=120, duration_s=30, seed=3), maker=maker)  # type: ignore[arg-type]
    assert len(maker.requests) == beat.meta["segments"] >= 3
    assert beat.duration_s >= 30.0 and abs(beat.meta["bpm"] - 120) <= 2.4
    assert beat.meta["licence"] == MUSICGEN_LICENCE.name and beat.meta["commercial"] is False
    assert list(projects.project_dir(ana, p.id).glob("*part*")) == []  # segment files cleaned up


def test_joining_keeps_the_bar_grid_and_extending_repeats_whole_bars() -> None:
    sr, bpm = 22050, 120.0
    seg = render_beat(BeatSpec(bpm=bpm, duration_s=9.7, seed=2), sr)
    joined = join_on_bars([seg, seg, seg], bpm, sr)
    bar_n = round(bar_seconds(bpm) * sr)
    assert len(joined) == 3 * 4 * bar_n + bar_n // 4  # three times four whole bars (+ the last crossfade tail)
    assert abs(detect_bpm(joined.mean(axis=1), sr, prior_bpm=bpm) - bpm) <= 2
    longer = extend_to(seg, bpm, sr, 25.0)
    assert len(longer) >= 25.0 * sr
    exact = render_beat(BeatSpec(bpm=bpm, duration_s=12.0, seed=2), sr)  # ends exactly on a bar line
    assert len(extend_to(exact, bpm, sr, 31.0)) >= 31.0 * sr


def test_render_preview_is_a_short_wav_in_the_tracks_tempo() -> None:
    data = render_preview(tempo=124, key="A", mode="minor", energy=0.8, family="electronic", seconds=8)
    with wave.open(io.BytesIO(data)) as w:
        frames = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32767
        assert (w.getnchannels(), w.getframerate()) == (1, 22050) and w.getnframes() == 8 * 22050
    assert abs(detect_bpm(frames, ANALYSIS_RATE, prior_bpm=124) - 124) <= 2.5
    assert render_preview(124, "A", "minor", 0.8, "electronic", 8) == data  # same attributes, same sound
    assert render_preview(124, "A", "minor", 0.2, "electronic", 8) != data
    assert fold_tempo(250) == 125 and fold_tempo(45) == 90 and fold_tempo(0) == 100


def test_bpm_is_measured_near_the_request_not_echoed(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    beat = make_project_beat(ana, p.id, BeatRequest(bpm=150, genre="house", duration_s=20, seed=1))
    assert abs(beat.meta["bpm"] - 150) <= 3 and beat.meta["requested"]["bpm"] == 150
    assert beat.meta["sections"][0]["start_s"] == 0.0 and beat.duration_s >= 20.0
