"""Mastering lands on its loudness target with true-peak headroom, for WAV and MP3."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.label.audio_io import write_wav
from services.label.beat_synth import BeatSpec, render_beat
import ffmpeg

from services.label.loudness import _ebur128_fields, ebur128_summary
from services.label.mastering import (
    TARGETS,
    MasterError,
    MasterTarget,

    _from_pipe,
    _run,
    _to_pipe,

    loudnorm_json,
    measure_file,
    mix_and_master,
    render_mix,
)
from services.label.mixing import MixSettings, build_mix


# The second output folder has characters that ffmpeg's tee muxer (which writes the
# MP3 while it is being measured) treats specially.
@pytest.mark.parametrize(("target", "preset", "folder"), [("spotify", "warm", "out"), ("club", "bright", "it's [v|2]")])
def test_master_hits_target_within_half_a_lu_with_true_peak_headroom(
    tmp_path: Path, vocal_wav: Path, target: str, preset: str, folder: str
) -> None:
    beat = write_wav(tmp_path / "beat.wav", render_beat(BeatSpec(bpm=96, duration_s=6, seed=3)))
    steps: list[tuple[float, str]] = []
    report = mix_and_master(beat, [vocal_wav], tmp_path / folder, MixSettings(preset=preset), target,
                            on_progress=lambda f, m: steps.append((f, m)))
    goal = TARGETS[target].lufs
    assert report.normalization_type == "linear"
    # Measured again from the files, independently of the report; the report's figures
    # (the WAV's read from loudnorm and derived from the gain) agree with them.
    for path, shown in ((Path(report.wav_path), report.master), (Path(report.mp3_path), report.mp3)):
        figures = measure_file(path)
        assert abs(figures.integrated - goal) <= 0.5, (path.suffix, figures)
        assert figures.true_peak <= -1.0, (path.suffix, figures)
        assert abs(shown.integrated - figures.integrated) <= 0.1, (path.suffix, shown, figures)
        assert abs(shown.true_peak - figures.true_peak) <= 0.15, (path.suffix, shown, figures)
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["master.mp3", "master.wav", "mix.wav"]
    assert abs(report.master.integrated - goal) <= 0.5 and report.master.true_peak <= -1.0
    assert report.mix.integrated < goal  # the quiet mix really was brought up
    assert steps[-1][0] == 1.0 and [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert report.duration_s == pytest.approx(6.0, abs=0.1)


def test_an_mp3_over_its_ceiling_is_encoded_again_a_little_lower(tmp_path: Path, vocal_wav: Path) -> None:
    beat = write_wav(tmp_path / "beat.wav", render_beat(BeatSpec(bpm=96, duration_s=6, seed=3)))
    strict = MasterTarget("Strict", -14.0, true_peak=-1.5, lossy_ceiling=-2.5)  # below what the WAV peaks at
    report = mix_and_master(beat, [vocal_wav], tmp_path / "out", MixSettings(preset="warm"), strict)
    mp3, wav = measure_file(Path(report.mp3_path)), measure_file(Path(report.wav_path))
    assert report.mp3_trim_db < 0 and any("re-encoded" in note for note in report.notes)
    assert mp3.true_peak <= -2.5 and abs(report.mp3.true_peak - mp3.true_peak) <= 0.15
    assert abs(wav.integrated + 14.0) <= 0.5  # only the MP3 is trimmed


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


def test_mix_split_across_processes_renders_the_same_samples_as_one_graph(tmp_path: Path, vocal_wav: Path) -> None:
    beat = write_wav(tmp_path / "beat.wav", render_beat(BeatSpec(bpm=96, duration_s=4, seed=5)))
    settings = MixSettings(preset="warm")
    loudness, graph = render_mix(beat, [vocal_wav], settings, tmp_path / "piped.wav")
    _run("reference", ffmpeg.output(build_mix(beat, [vocal_wav], settings), str(tmp_path / "one.wav"),
                                    acodec="pcm_s24le", ar=44100))
    assert (tmp_path / "piped.wav").read_bytes() == (tmp_path / "one.wav").read_bytes()
    assert graph.count(" | ") == 2 and "acompressor" in graph.split(" | ")[1]
    figures = measure_file(tmp_path / "one.wav")
    assert abs(loudness.integrated - figures.integrated) <= 0.1 and loudness.true_peak == figures.true_peak


def test_a_failing_process_in_a_pipeline_is_reported_with_its_step_and_cause(tmp_path: Path, vocal_wav: Path) -> None:
    render = _to_pipe(ffmpeg.input(str(vocal_wav)).audio)
    with pytest.raises(MasterError, match="limiting failed.*volume"):  # the reader dies; its writer only sees a broken pipe
        _run("limiting", render, ffmpeg.output(_from_pipe().filter("volume", volume="loud"), "-", format="null"))
    missing = _to_pipe(ffmpeg.input(str(tmp_path / "gone.wav")).audio)
    with pytest.raises(MasterError, match="mixing failed.*No such file"):  # the reader got an empty input, yet ran
        _run("mixing", missing, ffmpeg.output(_from_pipe(), "-", format="null"))
