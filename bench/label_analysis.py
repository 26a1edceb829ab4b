"""Tempo and key detection on generated clips with known answers.

Sixteen (or --clips) 30-second clips from the local synth, spread over 70-180 BPM, the
twelve keys in major and minor, every genre pattern and mood, each mixed with a
sung-ish line in the key (not on the beat) and a little noise so the detector does
not see a clean loop. A tempo counts as right within ±2 % (half or double tempo is
wrong); a key counts as right when root and mode both match. The table prints each
clip, then the totals against the targets (15/16 tempo, 12/16 key) and the time.

    .venv/bin/python bench/label_analysis.py [--clips 16] [--seconds 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.label.analysis import ANALYSIS_RATE, detect_bpm, detect_key  # noqa: E402
from services.label.beat_synth import NOTE_NAMES, BeatSpec, parse_key, render_beat  # noqa: E402

# The beat stage passes the tempo the beat was asked for as the octave prior; a
# generator does not play exactly that tempo, so the prior here is off by up to ±12 %.
PRIOR_ERROR = (1.0, 0.88, 1.12, 0.95, 1.06)
GENRES = ("hip hop", "trap", "house", "pop", "lofi", "rock")
MAJOR_MOODS = ("happy", "energetic", "chill")
MINOR_MOODS = ("sad", "dark", "chill", "energetic")


def melody(key: str, seconds: float, seed: int, sr: int = ANALYSIS_RATE) -> np.ndarray:
    """A free-running line on the key's scale (its own phrase lengths, not the beat's)."""
    rng = np.random.default_rng(seed)
    tonic, minor = parse_key(key)
    scale = (0, 2, 3, 5, 7, 8, 10) if minor else (0, 2, 4, 5, 7, 9, 11)
    out = np.zeros(int(seconds * sr), np.float32)
    at = 0
    while at < len(out):
        dur = int(rng.uniform(0.25, 0.9) * sr)
        degree = scale[rng.integers(0, 7)] if rng.random() > 0.3 else 0
        f = 440 * 2 ** ((60 + tonic + degree - 69) / 12)
        t = np.arange(min(dur, len(out) - at)) / sr
        note = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t)
        out[at: at + len(t)] += (0.12 * note * np.minimum(1, t / 0.03) * np.exp(-t * 1.5)).astype(np.float32)
        at += dur + int(rng.uniform(0, 0.3) * sr)
    return out


def clips(count: int) -> list[tuple[float, str, str, str]]:
    """(bpm, key, genre, mood) spread evenly over tempo, key and genre."""
    out = []
    for i in range(count):
        bpm = round(70 + (180 - 70) * i / max(1, count - 1) + (i % 3) * 0.7, 1)
        minor = i % 2 == 1
        key = f"{NOTE_NAMES[(i * 5) % 12]} {'minor' if minor else 'major'}"
        moods = MINOR_MOODS if minor else MAJOR_MOODS
        out.append((bpm, key, GENRES[i % len(GENRES)], moods[i % len(moods)]))
    return out


def tempo_ok(found: float, truth: float) -> bool:
    return abs(found - truth) <= 0.02 * truth


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    rows, tempo_hits, blind_hits, key_hits, spent = [], 0, 0, 0, 0.0
    print(f"{'#':>2} {'genre':<8}{'mood':<10}{'true BPM':>9}{'found':>8}{'ok':>4}{'blind':>8}{'ok':>4}  "
          f"{'true key':<10}{'found':<10}{'ok':>3}")
    for i, (bpm, key, genre, mood) in enumerate(clips(args.clips)):
        beat = render_beat(BeatSpec(bpm=bpm, key=key, genre=genre, mood=mood, duration_s=args.seconds, seed=i),
                           ANALYSIS_RATE).mean(axis=1)
        noise = np.random.default_rng(100 + i).normal(0, 0.01, len(beat)).astype(np.float32)
        clip = 0.8 * beat + melody(key, args.seconds, i)[: len(beat)] + noise
        start = time.perf_counter()
        blind_bpm = detect_bpm(clip)
        found_bpm = detect_bpm(clip, prior_bpm=bpm * PRIOR_ERROR[i % len(PRIOR_ERROR)])
        found_key, _ = detect_key(clip)
        spent += time.perf_counter() - start
        t_ok, k_ok = tempo_ok(found_bpm, bpm), found_key == key
        tempo_hits += t_ok
        blind_hits += tempo_ok(blind_bpm, bpm)
        key_hits += k_ok
        rows.append((bpm, found_bpm, key, found_key))
        print(f"{i + 1:>2} {genre:<8}{mood:<10}{bpm:>9.1f}{found_bpm:>8.1f}{'yes' if t_ok else 'NO':>4}"
              f"{blind_bpm:>8.1f}{'yes' if tempo_ok(blind_bpm, bpm) else 'NO':>4}  "
              f"{key:<10}{found_key:<10}{'yes' if k_ok else 'NO':>3}")
    n = len(rows)
    need_t, need_k = int(np.ceil(15 / 16 * n)), int(np.ceil(12 / 16 * n))
    print(f"\ntempo within ±2 % (half/double = wrong): {tempo_hits}/{n} (target ≥ {need_t}) "
          f"{'PASS' if tempo_hits >= need_t else 'FAIL'}")
    print(f"tempo with no prior at all (octave guessed around 105 BPM): {blind_hits}/{n}")
    print(f"key (root and mode): {key_hits}/{n} (target ≥ {need_k}) {'PASS' if key_hits >= need_k else 'FAIL'}")
    print(f"analysis time: {spent / n * 1000:.0f} ms per {args.seconds:g} s clip")


if __name__ == "__main__":
    main()
