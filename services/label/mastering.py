"""Mastering to a loudness target with two-pass loudnorm, and honest figures.

Pass 1 renders the mix (see `mixing`) and measures it. Pass 2 applies loudnorm
with the measured values and `linear=true`, which is a pure gain, so the music's
dynamics are kept. Linear mode silently falls back to dynamic when the measured
true peak plus the gain would exceed the true-peak target (and when the measured
LRA exceeds the LRA target), so before applying we check that condition ourselves,
and when it fails we lower the peak-to-loudness ratio with a pre-gain into a
limiter, re-measure, and only then apply; pass 2's own `normalization_type` is
read back to confirm. MP3 encoding adds up to ~0.7 dB of true peak, so masters aim
at -1.5 dBTP and the MP3 is measured after decoding (and trimmed if needed).

Measurement: ebur128 with `peak=true` gives integrated loudness, LRA and the true
peak (loudnorm's own true peak reads low unless it runs its dynamic mode). Pass 2's
loudnorm measures its output, so the master's loudness is read from its JSON; its
true peak is the measured input's plus the gain (linear mode is a pure gain).
`measure_file` adds loudnorm in pass-through for 0.01 LU resolution.

Speed: ffmpeg runs a filter graph on one core, so each step is a pipeline of
processes joined by pipes of 32-bit float PCM (which keeps every bit of the float
graph): mixing | DSP stage + mix WAV | measuring, limiter + WAV | measuring, and
loudnorm + master WAV | MP3 encoder | decoding the MP3 and measuring it. The two
cores work at once and no file is read back just to be measured. Each process filters
on one thread (`loudness._ONE_THREAD`): per-channel threading of the biquads cost four
times their CPU time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import ffmpeg

from services.label.audio_io import SAMPLE_RATE, AudioError, probe
from services.label.loudness import (  # noqa: F401  (re-exported: the label's one place for targets)
    TARGETS,
    Loudness,
    MasterError,
    MasterTarget,
    _check,
    _checked,
    _from_pipe,
    _run,
    _to_pipe,
    loudnorm_json,
    measure_file,
)
from services.label.mixing import MixSettings, dsp_chain, resolve, sum_tracks

Progress = Callable[[float, str], None]


@dataclass
class MasterReport:
    """What the mix page shows after mastering."""

    target: str
    target_lufs: float
    target_true_peak: float
    mix: Loudness
    master: Loudness
    mp3: Loudness
    normalization_type: str
    pre_gain_db: float
    limited: bool
    passes: int
    mp3_trim_db: float
    seconds: float
    duration_s: float
    mix_path: str = ""
    wav_path: str = ""
    mp3_path: str = ""
    graph: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fits_linear(m: Loudness, target: MasterTarget, margin: float = 0.1) -> bool:
    """loudnorm's own linear-mode condition, with a small safety margin."""
    return round(m.true_peak + (target.lufs - m.integrated) - (target.true_peak - margin), 2) <= 0.0


def _lra_target(m: Loudness) -> float:
    return min(50.0, max(7.0, m.lra + 1.0))


def _pre_chain(stream: Any, gain_db: float, ceiling_db: float | None) -> Any:
    if gain_db:
        stream = stream.filter("volume", volume=f"{gain_db:.3f}dB")
    if ceiling_db is not None:
        # Limit at 2x the sample rate so the ceiling mostly holds between samples (true
        # peak), where a plain sample-peak limiter lets through +2 dB or more.
        stream = (
            stream.filter("aresample", SAMPLE_RATE * 2)
            .filter("alimiter", limit=round(10 ** (ceiling_db / 20), 5), level=0, attack=1, release=50)
            .filter("aresample", SAMPLE_RATE)
        )
    return stream


def _limit(mix: Path, out: Path, gain_db: float, ceiling_db: float) -> Loudness:
    """Pre-gain into the oversampled limiter, kept as a float WAV (so pass 2 only applies
    the gain) while a second process measures it."""
    split = _pre_chain(ffmpeg.input(str(mix)).audio, gain_db, ceiling_db).filter_multi_output("asplit", 2)
    keep = ffmpeg.output(split[0], str(out), acodec="pcm_f32le", ar=SAMPLE_RATE)
    _, check = _run("limiting", ffmpeg.merge_outputs(keep, _to_pipe(split[1])), _check(_from_pipe()))
    return _checked(check)


def master_file(mix: Path, out_dir: Path, target: MasterTarget, *, stem: str = "master",
                on_progress: Progress | None = None, mix_loudness: Loudness | None = None,
                max_rounds: int = 8) -> MasterReport:
    """Master an already mixed file into `<stem>.wav` and `<stem>.mp3` in `out_dir`."""
    say = on_progress or (lambda _f, _m: None)
    started = time.perf_counter()
    passes = 0
    if mix_loudness is None:
        say(0.1, "Measuring the mix")
        mix_loudness = measure_file(mix, target)
        passes += 1
    if mix_loudness.integrated == float("-inf") or mix_loudness.integrated < -69:
        raise AudioError("The mix is silent, so there is nothing to master.")
    wav = out_dir / f"{stem}.wav"
    mp3 = out_dir / f"{stem}.mp3"
    limited_wav = out_dir / f".{stem}-limited.wav"
    source, measured, gain, ceiling, limited = mix, mix_loudness, 0.0, None, False
    notes: list[str] = []
    # x: dB pushed into the limiter beyond the plain loudness gain. The limiter eats
    # part of every extra dB, so x is found by secant steps on the measured excess.
    # The first guess grows with how far the mix is from fitting (about 1 dB less
    # than its excess, measured on beats); secant steps correct it.
    excess0 = mix_loudness.true_peak + (target.lufs - mix_loudness.integrated) - (target.true_peak - 0.1)
    x, slope, last = max(0.5, excess0 - 3.0), 0.5, None
    kind, master, mp3_loud, rounds = "", mix_loudness, mix_loudness, 0
    while True:
        if _fits_linear(measured, target):
            say(0.6, "Applying loudness (linear), encoding and checking the MP3")
            kind, master, mp3_loud = _apply(source, wav, mp3, target, measured)
            passes += 1
            if kind == "linear":
                break
            notes.append(f"loudnorm fell back to {kind!r}; limiting harder")
            x += 1.0
        if rounds >= max_rounds:
            break
        limited, rounds = True, rounds + 1
        ceiling = target.true_peak - 0.5
        gain = target.lufs - mix_loudness.integrated + x
        say(min(0.55, 0.3 + 0.05 * rounds), "Limiting peaks so the loudness fits")
        measured = _limit(mix, limited_wav, gain, ceiling)
        source = limited_wav
        passes += 1
        excess = round(measured.true_peak + (target.lufs - measured.integrated) - (target.true_peak - 0.1), 2)
        notes.append(f"round {rounds}: {gain:+.2f} dB into a {ceiling:.1f} dBFS limiter, excess {excess:+.2f} dB")
        if last is not None and x != last[0]:
            slope = min(1.0, max(0.1, (last[1] - excess) / (x - last[0])))
        last = (x, excess)
        if excess > 0:
            x += max(0.2, (excess + 0.15) / slope)
    limited_wav.unlink(missing_ok=True)
    if kind != "linear":
        raise MasterError(
            f"Could not reach {target.lufs:g} LUFS at {target.true_peak:g} dBTP without dynamic processing; "
            "lower the target or the mix's peaks (more compression or limiting)."
        )
    trim = 0.0
    for _ in range(2):
        if mp3_loud.true_peak <= target.lossy_ceiling - 0.05:
            break
        trim += target.lossy_ceiling - 0.15 - mp3_loud.true_peak
        notes.append(f"MP3 peaked at {mp3_loud.true_peak:.1f} dBTP; re-encoded {trim:.2f} dB lower")
        say(0.85, "Re-encoding the MP3 a little lower")
        quieter = ffmpeg.input(str(wav)).audio.filter("volume", volume=f"{trim:.2f}dB")
        mp3_loud = _checked(_run("MP3 encoding", *_encode_mp3(quieter, mp3))[-1])
        passes += 1
    say(1.0, "Master ready")
    return MasterReport(
        target=target.name, target_lufs=target.lufs, target_true_peak=target.true_peak,
        mix=mix_loudness, master=master, mp3=mp3_loud, normalization_type=kind, pre_gain_db=round(gain, 2),
        limited=limited, passes=passes, mp3_trim_db=round(trim, 2), seconds=round(time.perf_counter() - started, 3),
        duration_s=0.0, wav_path=str(wav), mp3_path=str(mp3), notes=notes,
    )


# 320 kbps CBR; LAME quality 5 is ~1.5x faster than its default with no audible
# difference at this bit rate.
_MP3_OPTIONS: dict[str, Any] = {"acodec": "libmp3lame", "audio_bitrate": "320k", "compression_level": 5, "ar": SAMPLE_RATE}


def _encode_mp3(stream: Any, mp3: Path) -> tuple[Any, Any]:
    """Two pipeline stages: encode `stream` to `mp3` and, through the tee muxer, to the
    next process, which decodes and measures it while the encoder still runs."""
    path = re.sub(r"([\\'|\[\]])", r"\\\1", str(mp3))  # tee's special characters, backslash-escaped
    encode = ffmpeg.output(stream, f"[f=mp3]{path}|[f=mp3]pipe:", format="tee", **_MP3_OPTIONS)
    return encode, _check(_from_pipe(format="mp3"))


def _apply(source: Path, wav: Path, mp3: Path, target: MasterTarget,
           measured: Loudness) -> tuple[str, Loudness, Loudness]:
    """Pass 2: loudnorm with the measured values and linear=true, written as 24-bit WAV
    and encoded to 320 kbps MP3 in a second process, whose output a third decodes and
    measures. Returns the normalization type and the WAV's and the MP3's figures."""
    measured_i = round(measured.integrated, 2)
    applied = ffmpeg.input(str(source)).audio.filter(
        "loudnorm", I=target.lufs, TP=target.true_peak, LRA=_lra_target(measured),
        measured_I=measured_i, measured_TP=round(measured.true_peak, 2),
        measured_LRA=max(0.1, round(measured.lra, 2)), measured_thresh=round(measured.threshold, 2),
        offset=0, linear="true", print_format="json",
    ).filter("aresample", SAMPLE_RATE)
    split = applied.filter_multi_output("asplit", 2)
    out_wav = ffmpeg.output(split[0], str(wav), acodec="pcm_s24le", ar=SAMPLE_RATE)
    render, _, check = _run("mastering", ffmpeg.merge_outputs(out_wav, _to_pipe(split[1])),
                            *_encode_mp3(_from_pipe(), mp3))
    figures = loudnorm_json(render)
    # loudnorm measured its output; in linear mode that output is the input times the
    # gain, so the true peak moves by exactly the gain.
    master = Loudness(integrated=float(figures["output_i"]),
                      true_peak=round(measured.true_peak + target.lufs - measured_i, 2),
                      lra=float(figures["output_lra"]), threshold=float(figures["output_thresh"]))
    return figures.get("normalization_type", ""), master, _checked(check)


def render_mix(beat: Path, vocals: Sequence[Any], settings: MixSettings, out: Path) -> tuple[Loudness, str]:
    """Pass 1: the tracks are summed in one process and the DSP stage runs in a second,
    which writes the 24-bit mix WAV while a third measures it. Returns the figures and
    the processes' arguments (for the log)."""
    s = resolve(settings)
    split = dsp_chain(_from_pipe(), s).filter_multi_output("asplit", 2)
    out_wav = ffmpeg.output(split[0], str(out), acodec="pcm_s24le", ar=SAMPLE_RATE)
    stages = (_to_pipe(sum_tracks(beat, vocals, s)), ffmpeg.merge_outputs(out_wav, _to_pipe(split[1])),
              _check(_from_pipe()))
    graph = " | ".join(" ".join(stage.get_args()) for stage in stages)
    return _checked(_run("mixing", *stages)[-1]), graph


def mix_and_master(beat: Path, vocals: Sequence[Any], out_dir: Path, settings: MixSettings | None = None,
                   target: MasterTarget | str = "spotify", *, on_progress: Progress | None = None,
                   names: tuple[str, str] = ("mix", "master")) -> MasterReport:
    """Mix the beat with the vocal takes, then master: `mix.wav`, `master.wav`, `master.mp3`."""
    say = on_progress or (lambda _f, _m: None)
    tgt = TARGETS[target] if isinstance(target, str) else target
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    say(0.02, "Mixing beat and vocals")
    mix_path = out_dir / f"{names[0]}.wav"
    mix_loud, graph = render_mix(beat, vocals, settings or MixSettings(), mix_path)
    say(0.3, "Mix measured")
    report = master_file(mix_path, out_dir, tgt, stem=names[1], on_progress=say, mix_loudness=mix_loud)
    report.passes += 1
    report.graph = graph
    report.mix_path = str(mix_path)
    report.seconds = round(time.perf_counter() - started, 3)
    report.duration_s = _duration(mix_path)
    return report


def _duration(path: Path) -> float:
    return round(probe(path).duration_s, 3)
