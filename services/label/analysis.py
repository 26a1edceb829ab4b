"""What the audio itself says: tempo, key, duration and a waveform for the page.

Tempo: a spectral-flux onset envelope, its autocorrelation, and a comb over the
multiples of each candidate beat period (fractional lags, so the estimate is finer
than one frame), weighted by a broad prior around 110 BPM against octave errors.
Key: a chromagram correlated with the Krumhansl-Kessler major and minor profiles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.label.audio_io import read_audio

ANALYSIS_RATE = 22050
_HOP = 256
_FRAME = 1024
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# Krumhansl-Kessler key profiles (probe-tone ratings), C major / C minor.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


@dataclass(frozen=True)
class AudioAnalysis:
    """Figures shown with a beat or a take."""

    bpm: float
    key: str
    key_confidence: float
    duration_s: float
    peaks: list[tuple[float, float]]


def _mono(samples: np.ndarray) -> np.ndarray:
    data = np.asarray(samples, dtype=np.float32)
    return data.mean(axis=1) if data.ndim == 2 else data


def _frames(x: np.ndarray, size: int, hop: int) -> np.ndarray:
    if len(x) < size:
        x = np.pad(x, (0, size - len(x)))
    n = 1 + (len(x) - size) // hop
    return np.lib.stride_tricks.as_strided(x, (n, size), (x.strides[0] * hop, x.strides[0]), writeable=False)


def onset_envelope(mono: np.ndarray, sample_rate: int = ANALYSIS_RATE) -> np.ndarray:
    """Half-wave rectified spectral flux of log-compressed magnitudes, mean removed locally."""
    frames = _frames(mono.astype(np.float32), _FRAME, _HOP) * np.hanning(_FRAME).astype(np.float32)
    mag = np.abs(np.fft.rfft(frames, axis=1))
    logmag = np.log1p(100.0 * mag)
    rise = np.maximum(0.0, np.diff(logmag, axis=0))
    low_bins = int(300.0 * _FRAME / sample_rate)  # kick and bass carry the accents
    width = max(3, int(0.4 * sample_rate / _HOP))
    env = np.zeros(rise.shape[0])
    for flux, weight in ((rise[:, :low_bins].sum(axis=1), 1.0), (rise.sum(axis=1), 0.25)):
        local = np.convolve(flux, np.ones(width) / width, mode="same")
        band = np.maximum(0.0, flux - local)
        env += weight * band / (band.max() or 1.0)
    return env / (env.max() or 1.0)


# Without a hint, the octave prior sits where most popular music is felt (~105 BPM).
BLIND_PRIOR_BPM = 105.0


def detect_bpm(samples: np.ndarray, sample_rate: int = ANALYSIS_RATE, lo: float = 60.0, hi: float = 200.0,
               prior_bpm: float | None = None) -> float:
    """The tempo in BPM (one decimal), or 0.0 for silence or sound with no pulse.

    Half and double tempo fit the same onsets nearly equally well; `prior_bpm` (the
    tempo a beat was asked for, or a genre's usual tempo) decides between those
    octaves only: the tempo itself is always measured from the audio."""
    env = onset_envelope(_mono(samples), sample_rate)
    if env.sum() <= 0 or len(env) < 16:
        return 0.0
    pulse_env = env
    env = env - env.mean()
    n = len(env)
    spec = np.fft.rfft(env, 2 * n)
    raw = np.fft.irfft(spec * np.conj(spec))[:n]
    ac = raw / np.maximum(n - np.arange(n), n / 4)  # unbiased: long lags are not penalised
    ac = ac / (ac[0] or 1.0)
    fps = sample_rate / _HOP
    lags = np.arange(n)
    limit = 0.6 * n

    def comb(periods: np.ndarray, multiples: Iterable[int]) -> np.ndarray:
        total = np.zeros_like(periods)
        count = np.zeros_like(periods)
        for k in multiples:
            lag = periods * k
            ok = lag <= limit
            total[ok] += np.interp(lag[ok], lags, ac)
            count[ok] += 1
        return total / np.maximum(count, 1)

    # 1. The octave: the mean recurrence over the first multiples of each beat period,
    #    with a prior on the octave to break near-ties of half and double tempo.
    bpms = np.arange(lo, hi + 0.01, 0.1)
    periods = 60.0 * fps / bpms
    score = comb(periods, range(1, 5))
    centre, width = (float(prior_bpm), 0.35) if prior_bpm and lo <= prior_bpm <= hi else (BLIND_PRIOR_BPM, 1.0)
    prior = np.exp(-0.5 * (np.log2(bpms / centre) / width) ** 2)
    weighted = np.maximum(score, 0.0) * prior
    if weighted.max() <= 0:
        return 0.0
    # Among the strongest candidates, prefer the one whose beat grid (at its best
    # phase) lands on the most onset energy: syncopated kicks recur at odd periods,
    # but only the true beat grid lines up with snare and kick together.
    guess = _best_aligned(bpms, weighted, 60.0 * fps / bpms, pulse_env)
    # 2. Precision: near the guess, a comb over many multiples pins the period to a
    #    fraction of a frame.
    fine = np.arange(guess * 0.97, guess * 1.03, 0.02)
    fine_score = comb(60.0 * fps / fine, range(1, 13))
    best = float(fine[int(np.argmax(fine_score))])
    return round(best, 1)


def _grid_salience(period: float, env: np.ndarray) -> float:
    """Mean onset strength on a beat grid of `period` frames, at its best phase."""
    grid = np.arange(0.0, len(env) - 1, period)
    if len(grid) < 2:
        return 0.0
    return max(float(env[np.round(grid + phase).astype(int).clip(0, len(env) - 1)].mean())
               for phase in np.arange(0.0, period, 1.0))


def _best_aligned(bpms: np.ndarray, weighted: np.ndarray, periods: np.ndarray, env: np.ndarray,
                  candidates: int = 5) -> float:
    """The strongest tempo, unless a near-equal rival that is not its octave puts a
    beat grid on clearly more onset energy (syncopated kicks recur at 3/4 or 4/3 of
    the beat; only the true grid lands on kick and snare alike)."""
    top = int(np.argmax(weighted))
    peaks = [i for i in range(1, len(weighted) - 1)
             if weighted[i] >= weighted[i - 1] and weighted[i] >= weighted[i + 1] and weighted[i] > 0]
    peaks = sorted(peaks, key=lambda i: weighted[i], reverse=True)[:candidates]
    best, best_sal = top, _grid_salience(periods[top], env)
    for i in peaks:
        ratio = bpms[i] / bpms[top]
        octave = min(abs(ratio - r) for r in (0.5, 1.0, 2.0)) < 0.03
        if octave or weighted[i] < 0.85 * weighted[top]:
            continue
        sal = _grid_salience(periods[i], env)
        if sal > 1.1 * best_sal:
            best, best_sal = i, sal
    return float(bpms[best])


def chroma(samples: np.ndarray, sample_rate: int = ANALYSIS_RATE, lo: float = 55.0, hi: float = 2000.0) -> np.ndarray:
    """Energy per pitch class (12,), summed over the whole signal, from `lo` to `hi` Hz."""
    mono = _mono(samples)
    size, hop = 8192, 4096
    frames = _frames(mono, size, hop) * np.hanning(size).astype(np.float32)
    mag = np.abs(np.fft.rfft(frames, axis=1))
    mag = mag / (mag.max(axis=1, keepdims=True) + 1e-9)  # every frame counts alike
    power = (mag ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate)
    band = (freqs >= lo) & (freqs <= hi)
    pitch = np.round(12 * np.log2(freqs[band] / 440.0) + 69).astype(int) % 12
    out = np.zeros(12)
    np.add.at(out, pitch, power[band])
    return out


# How much the bass line's home note counts beside the profile match: relative major
# and minor (C major / A minor) share their notes, the bass usually settles on the tonic.
_BASS_WEIGHT = 1.0


def detect_key(samples: np.ndarray, sample_rate: int = ANALYSIS_RATE) -> tuple[str, float]:
    """('A minor', correlation): the best-matching rotated Krumhansl profile, with the
    share of bass energy (40-220 Hz) on each candidate tonic settling relative keys."""
    c = chroma(samples, sample_rate)
    if c.sum() <= 0:
        return "", 0.0
    bass = chroma(samples, sample_rate, 40.0, 220.0)
    bass = bass / (bass.sum() or 1.0)
    best, best_score, best_r = "", -9.0, 0.0
    for root in range(12):
        for profile, name in ((_MAJOR, "major"), (_MINOR, "minor")):
            r = float(np.corrcoef(c, np.roll(profile, root))[0, 1])
            score = r + _BASS_WEIGHT * float(bass[root])
            if score > best_score:
                best, best_score, best_r = f"{NOTE_NAMES[root]} {name}", score, r
    # The mode is the third over the tonic: a clearly stronger minor or major third decides.
    root = NOTE_NAMES.index(best.split()[0])
    minor_third, major_third = c[(root + 3) % 12], c[(root + 4) % 12]
    if minor_third > 1.15 * major_third:
        best = f"{NOTE_NAMES[root]} minor"
    elif major_third > 1.15 * minor_third:
        best = f"{NOTE_NAMES[root]} major"
    return best, round(best_r, 3)


def waveform_peaks(samples: np.ndarray, buckets: int = 200) -> list[tuple[float, float]]:
    """`buckets` (min, max) pairs of the mono signal for drawing a waveform."""
    mono = _mono(samples)
    if len(mono) == 0:
        return [(0.0, 0.0)] * buckets
    edges = np.linspace(0, len(mono), buckets + 1).astype(int)
    out: list[tuple[float, float]] = []
    for a, b in zip(edges[:-1], edges[1:]):
        chunk = mono[a:max(b, a + 1)]
        out.append((round(float(chunk.min()), 4), round(float(chunk.max()), 4)))
    return out


def analyze_samples(samples: np.ndarray, sample_rate: int = ANALYSIS_RATE, prior_bpm: float | None = None) -> AudioAnalysis:
    key, conf = detect_key(samples, sample_rate)
    return AudioAnalysis(bpm=detect_bpm(samples, sample_rate, prior_bpm=prior_bpm), key=key, key_confidence=conf,
                         duration_s=round(len(samples) / sample_rate, 3), peaks=waveform_peaks(samples))


def analyze_file(path: Path, prior_bpm: float | None = None) -> AudioAnalysis:
    """Decode the file (mono, 22.05 kHz) and analyse it."""
    return analyze_samples(read_audio(path, ANALYSIS_RATE, 1)[:, 0], ANALYSIS_RATE, prior_bpm)
