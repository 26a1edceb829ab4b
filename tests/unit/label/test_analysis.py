"""Tempo, key and waveform are measured from the audio, not echoed from the request."""

from __future__ import annotations

import numpy as np
import pytest

from services.label.analysis import ANALYSIS_RATE, detect_bpm, detect_key, waveform_peaks
from services.label.beat_synth import BeatSpec, parse_key, render_beat


@pytest.mark.parametrize("bpm", [80, 100, 128, 140])
@pytest.mark.parametrize("genre", ["hip hop", "trap", "house", "lofi"])
def test_bpm_of_synthesized_beats_is_within_two(bpm: int, genre: str) -> None:
    beat = render_beat(BeatSpec(bpm=bpm, genre=genre, duration_s=8, seed=bpm), ANALYSIS_RATE)
    assert abs(detect_bpm(beat) - bpm) <= 2.0


def test_silence_has_no_tempo_and_no_key() -> None:
    silence = np.zeros(ANALYSIS_RATE * 3, np.float32)
    assert detect_bpm(silence) == 0.0
    assert detect_key(silence) == ("", 0.0)


@pytest.mark.parametrize(("notes", "key"), [((57, 60, 64), "A minor"), ((60, 64, 67), "C major"), ((66, 69, 73), "F# minor")])
def test_key_of_a_held_triad_over_its_root(notes: tuple[int, int, int], key: str) -> None:
    t = np.arange(ANALYSIS_RATE * 3) / ANALYSIS_RATE
    freqs = [440 * 2 ** ((n - 69) / 12) for n in notes] + [440 * 2 ** ((notes[0] - 12 - 69) / 12)]
    signal = sum(np.sin(2 * np.pi * f * t) for f in freqs).astype(np.float32)
    assert detect_key(signal)[0] == key


def test_waveform_peaks_follow_the_signal() -> None:
    x = np.concatenate([np.zeros(1000), 0.5 * np.ones(1000), -0.8 * np.ones(1000), np.zeros(1000)]).astype(np.float32)
    peaks = waveform_peaks(x, buckets=4)
    assert peaks == [(0.0, 0.0), (0.5, 0.5), (-0.8, -0.8), (0.0, 0.0)]
    assert len(waveform_peaks(np.zeros(10, np.float32))) == 200


def test_key_names_parse_in_the_usual_spellings() -> None:
    assert parse_key("A minor") == (9, True)
    assert parse_key("F#m") == (6, True)
    assert parse_key("Eb major") == (3, False)
    assert parse_key("nonsense") == (0, False)


def test_synth_follows_duration_and_stays_below_full_scale() -> None:
    beat = render_beat(BeatSpec(duration_s=3.0))
    assert beat.shape == (3 * 44100, 2) and beat.dtype == np.float32
    assert 0.5 < float(np.abs(beat).max()) <= 0.71
    assert not np.allclose(beat[:, 0], beat[:, 1])  # chords are spread in stereo
