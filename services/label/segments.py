"""Joining generated audio on bar lines: live generators make at most a few tens of
seconds per request, so a song-length beat is several segments joined where a bar
starts, with an equal-power crossfade of one beat; a beat shorter than the song is
extended by repeating whole bars (after the intro) the same way."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from services.label.structure import bar_seconds


def _equal_power(n: int) -> tuple[np.ndarray, np.ndarray]:
    t = np.linspace(0.0, np.pi / 2, n, dtype=np.float32)
    return np.cos(t)[:, None], np.sin(t)[:, None]


def _stereo(x: np.ndarray) -> np.ndarray:
    data = np.asarray(x, dtype=np.float32)
    return np.repeat(data[:, None], 2, axis=1) if data.ndim == 1 else data


def join_on_bars(segments: Sequence[np.ndarray], bpm: float, sample_rate: int) -> np.ndarray:
    """Each segment cut to whole bars (plus one beat of tail for the crossfade) and laid
    end to end, so every joint falls on a bar line; shape (frames, 2)."""
    bar_n = int(round(bar_seconds(bpm) * sample_rate))
    fade_n = bar_n // 4  # one beat
    out = np.zeros((0, 2), np.float32)
    for seg in segments:
        data = _stereo(seg)
        bars = (len(data) - fade_n) // bar_n
        if bars < 1:
            continue
        body = data[: bars * bar_n + fade_n].copy()
        if len(out) == 0:
            out = body
            continue
        fade_out, fade_in = _equal_power(fade_n)
        tail = out[-fade_n:] * fade_out + body[:fade_n] * fade_in
        out = np.concatenate([out[:-fade_n], tail, body[fade_n:]])
    return out


def extend_to(samples: np.ndarray, bpm: float, sample_rate: int, seconds: float, skip_bars: int = 4) -> np.ndarray:
    """At least `seconds` long: bars after the first `skip_bars` (the intro) repeat,
    joined on bar lines with crossfades, until the length is covered."""
    data = _stereo(samples)
    want = int(seconds * sample_rate)
    if len(data) >= want:
        return data
    bar_n = int(round(bar_seconds(bpm) * sample_rate))
    fade_n = bar_n // 4
    usable = (len(data) - fade_n) // bar_n  # whole bars that still have a beat of tail for the crossfade
    if usable < 2:  # too short to loop on bars: repeat it whole
        reps = int(np.ceil(want / max(1, len(data))))
        return np.concatenate([data] * reps)
    first = min(skip_bars, usable - 1)
    head, loop = data[: usable * bar_n + fade_n], data[first * bar_n: usable * bar_n + fade_n]
    pieces, total = [head], usable * bar_n
    while total < want:
        pieces.append(loop)
        total += (usable - first) * bar_n
    return join_on_bars(pieces, bpm, sample_rate)


def fade_out(samples: np.ndarray, sample_rate: int, seconds: float = 1.5) -> np.ndarray:
    """A gentle ending, so a cut on a bar line never clicks."""
    out = _stereo(samples).copy()
    n = min(len(out) // 4, int(seconds * sample_rate))
    if n > 0:
        out[-n:] *= np.linspace(1.0, 0.0, n, dtype=np.float32)[:, None]
    return out
