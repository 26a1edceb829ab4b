"""The mix: beat plus the chosen vocal takes (placed at their offsets, each singing
its sections; gains, high-pass, de-ess), then the DSP stage (3-band EQ, compressor
with threshold and ratio, reverb, limiter), as ffmpeg filter graphs.

The graphs are built with ffmpeg-python so they can be inspected (and unit-tested)
before anything runs. The sum of the tracks and the DSP stage are separate pieces
because mastering runs them in two processes joined by a pipe, one per core (the
compressor alone costs as much as everything before it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import ffmpeg

from services.label.audio_io import SAMPLE_RATE


@dataclass(frozen=True)
class MixSettings:
    """Everything the mix page lets a person set. Gains in dB, amounts 0..1."""

    beat_gain_db: float = 0.0
    vocal_gain_db: float = 0.0
    vocal_highpass_hz: float = 90.0
    deess: float = 0.5
    eq_low_db: float = 0.0
    eq_mid_db: float = 0.0
    eq_high_db: float = 0.0
    comp_threshold_db: float = -16.0  # 0 dB: the compressor is off
    comp_ratio: float = 2.5
    reverb: float = 0.15
    limiter: float = 0.5
    preset: str = ""  # warm | clean | bright (overrides the EQ and DSP values)


# A preset is a starting point: the page copies its values into the controls.
PRESETS: dict[str, dict[str, float]] = {
    "warm": {"eq_low_db": 2.5, "eq_mid_db": -1.0, "eq_high_db": -2.0, "comp_threshold_db": -19.0, "comp_ratio": 3.5,
             "reverb": 0.25, "limiter": 0.5},
    "clean": {"eq_low_db": 0.0, "eq_mid_db": -2.0, "eq_high_db": 0.0, "comp_threshold_db": -16.0, "comp_ratio": 2.5,
              "reverb": 0.1, "limiter": 0.4},
    "bright": {"eq_low_db": -1.0, "eq_mid_db": 0.5, "eq_high_db": 3.0, "comp_threshold_db": -17.0, "comp_ratio": 3.0,
               "reverb": 0.15, "limiter": 0.5},
}
# The range of every control (the page's sliders use the same).
RANGES: dict[str, tuple[float, float]] = {
    "beat_gain_db": (-24, 12), "vocal_gain_db": (-24, 12), "vocal_highpass_hz": (20, 400), "deess": (0, 1),
    "eq_low_db": (-6, 6), "eq_mid_db": (-6, 6), "eq_high_db": (-6, 6), "comp_threshold_db": (-40, 0),
    "comp_ratio": (1, 20), "reverb": (0, 1), "limiter": (0, 1),
}


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, float(value)))


def resolve(settings: MixSettings) -> MixSettings:
    """Apply the preset (if any) and clamp every value to its allowed range."""
    s = replace(settings, **PRESETS[settings.preset]) if settings.preset in PRESETS else settings
    return replace(s, **{name: _clamp(getattr(s, name), lo, hi) for name, (lo, hi) in RANGES.items()})


def _prepared(path: Path) -> Any:
    """One input as 44.1 kHz float stereo (so every later filter sees one format)."""
    return ffmpeg.input(str(path)).audio.filter(
        "aformat", sample_fmts="fltp", sample_rates=SAMPLE_RATE, channel_layouts="stereo"
    )


def vocal_chain(stream: Any, s: MixSettings) -> Any:
    """Gain, high-pass (rumble, plosives) and de-essing for one take."""
    stream = stream.filter("highpass", f=round(s.vocal_highpass_hz, 1), poles=2)
    if s.deess > 0:
        stream = stream.filter("deesser", i=round(s.deess, 3), m=0.5, f=0.5, s="o")
    return stream.filter("volume", volume=f"{s.vocal_gain_db:.2f}dB")


def dsp_chain(stream: Any, s: MixSettings) -> Any:
    """3-band EQ, compression, reverb and a safety limiter on the summed mix."""
    stream = (
        stream.filter("lowshelf", f=100, t="s", w=0.7, g=round(s.eq_low_db, 2))
        .filter("equalizer", f=1500, t="q", w=1.0, g=round(s.eq_mid_db, 2))
        .filter("highshelf", f=10000, t="s", w=0.7, g=round(s.eq_high_db, 2))
    )
    if s.comp_threshold_db < 0 and s.comp_ratio > 1:
        stream = stream.filter(
            "acompressor", threshold=round(10 ** (s.comp_threshold_db / 20), 5), ratio=round(s.comp_ratio, 2),
            attack=10, release=200, knee=2.8, makeup=1,
        )
    if s.reverb > 0:
        delay_ms = int(20 + 40 * s.reverb)
        decay = round(0.2 + 0.5 * s.reverb, 3)
        stream = stream.filter("aecho", in_gain=1.0, out_gain=round(1.0 / (1.0 + decay), 3),
                               delays=f"{delay_ms}|{int(delay_ms * 1.6)}", decays=f"{decay}|{round(decay * 0.6, 3)}")
    limit = 10 ** ((-0.3 - 2.7 * s.limiter) / 20)  # ceiling -0.3 .. -3 dBFS
    return stream.filter("alimiter", limit=round(limit, 4), level=0, attack=5, release=60)


def placed_take(path: Path, offset_s: float, windows: Sequence[tuple[float, float]] | None, s: MixSettings) -> Any:
    """One take on the beat's timeline: shifted by its offset (a negative one cuts its
    start), silent outside the windows it sings (with 20 ms ramps, no clicks)."""
    stream = _prepared(path)
    if offset_s > 0:
        stream = stream.filter("adelay", delays=f"{round(offset_s * 1000)}", all=1)
    elif offset_s < 0:
        stream = stream.filter("atrim", start=round(-offset_s, 3)).filter("asetpts", "PTS-STARTPTS")
    stream = vocal_chain(stream, s)
    if windows is not None:
        ramp = 0.02
        gate = "+".join(f"clip((t-{a:.3f})/{ramp},0,1)*clip(({b:.3f}-t)/{ramp},0,1)" for a, b in windows) or "0"
        stream = stream.filter("volume", volume=f"min(1,{gate})", eval="frame")
    return stream


def sum_tracks(beat: Path, vocals: Sequence[Any], s: MixSettings) -> Any:
    """The beat and the processed takes summed, before the DSP stage (`s` already
    resolved). A take is a path (at 0 s, singing throughout) or a placement with
    `path`, `offset_s` and `windows`."""
    beat_stream = _prepared(beat).filter("volume", volume=f"{s.beat_gain_db:.2f}dB")
    takes = [placed_take(v, 0.0, None, s) if isinstance(v, Path) else placed_take(v.path, v.offset_s, v.windows, s)
             for v in vocals]
    if not takes:
        return beat_stream
    # The beat covers the takes (the beat stage sees to it): the mix lasts as long as the beat.
    return ffmpeg.filter([beat_stream, *takes], "amix", inputs=1 + len(takes), duration="first",
                         dropout_transition=0, normalize=0)


def build_mix(beat: Path, vocals: Sequence[Any], settings: MixSettings) -> Any:
    """The mixed and processed stream in one graph (not yet bound to an output)."""
    s = resolve(settings)
    return dsp_chain(sum_tracks(beat, vocals, s), s)


def filter_graph(beat: Path, vocals: Sequence[Any], settings: MixSettings, out: Path) -> str:
    """The `-filter_complex` text ffmpeg will run (for tests and for the log)."""
    args = ffmpeg.output(build_mix(beat, vocals, settings), str(out)).get_args()
    return args[args.index("-filter_complex") + 1] if "-filter_complex" in args else ""
