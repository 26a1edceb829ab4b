"""Mastering lands on its loudness target with true-peak headroom, for WAV and MP3."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.label.audio_io import write_wav
from services.label.beat_synth import BeatSpec, render_beat
from services.label.mastering import TARGETS, _ebur128_fields, ebur128_summary, loudnorm_json, measure_file, mix_and_master
from services.label.mixing import MixSettings


@pytest.mark.parametrize(("target", "preset"), [("spotify", "warm"), ("club", "bright")])
def test_master_hits_target_within_half_a_lu_with_true_peak_headroom(
    tmp_path: Path, vocal_wav: Path, target: str, preset: str
) -> None:
    beat = write_wav(tmp_path / "beat.wav", render_beat(BeatSpec(bpm=96, duration_s=6, seed=3)))
    steps: list[tuple[float, str]] = []
    report = mix_and_master(beat, [vocal_wav], tmp_path / "out", MixSettings(preset=preset), target,
                            on_progress=lambda f, m: steps.append((f, m)))
    goal = TARGETS[target].lufs
    assert report.normalization_type == "linear"
    # Measured again from the files, independently of the report.
    for path in (Path(report.wav_path), Path(report.mp3_path)):
        figures = measure_file(path)
        assert abs(figures.integrated - goal) <= 0.5, (path.suffix, figures)
        assert figures.true_peak <= -1.0, (path.suffix, figures)
    assert abs(report.master.integrated - goal) <= 0.5 and report.master.true_peak <= -1.0
    assert report.mix.integrated < goal  # the quiet mix really was brought up
    assert steps[-1][0] == 1.0 and [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert report.duration_s == pytest.approx(6.0, abs=0.1)


def test_loudnorm_and_ebur128_figures_are_parsed() -> None:
    stderr = (
        "[Parsed_loudnorm_1 @ 0x1] \n{\n\t\"input_i\" : \"-20.10\",\n\t\"input_tp\" : \"-3.00\",\n"
        "\t\"normalization_type\" : \"dynamic\"\n}\n"
        "[Parsed_ebur128_0 @ 0x2] Summary:\n\n  Integrated loudness:\n    I:         -14.0 LUFS\n"
        "    Threshold: -24.0 LUFS\n  Loudness range:\n    LRA:         5.3 LU\n    Threshold: -34.0 LUFS\n  True peak:\n    Peak:       -1.6 dBFS\n"
    )
    assert loudnorm_json(stderr)["normalization_type"] == "dynamic"
    assert ebur128_summary(stderr) == (-14.0, 5.3, -1.6)
    assert _ebur128_fields(stderr)["thresh"] == -24.0  # the integrated gate, not the LRA one
