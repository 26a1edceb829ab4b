"""The offline beat maker: drums, bass and chords rendered with numpy.

One-shot drum sounds are rendered once and added at each hit; the chords and the
bass are rendered bar by bar. Genre picks the drum pattern and the sounds, mood
picks the chord progression and the brightness, the key picks the root.
A 30 s stereo beat takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.label.audio_io import SAMPLE_RATE

NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLATS = {"Db": "C#", "Eb": "D#", "Gb": "F#", "Ab": "G#", "Bb": "A#"}

# Progressions as (semitones above the tonic, minor?) per bar.
_MAJOR_PROGS = {
    "happy": [(0, False), (7, False), (9, True), (5, False)],      # I V vi IV
    "energetic": [(0, False), (5, False), (7, False), (5, False)],  # I IV V IV
    "chill": [(0, False), (9, True), (5, False), (7, False)],      # I vi IV V
}
_MINOR_PROGS = {
    "sad": [(0, True), (8, False), (3, False), (10, False)],      # i VI III VII
    "dark": [(0, True), (1, False), (0, True), (7, True)],        # i bII i v
    "chill": [(0, True), (5, True), (8, False), (7, True)],       # i iv VI v
    "energetic": [(0, True), (10, False), (8, False), (10, False)],
}

# Per genre: 16-step patterns (one bar of 4/4) for kick, snare, hat; swing amount.
_PATTERNS: dict[str, dict[str, object]] = {
    "hip hop": {"kick": "x.....x.x.......", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x.", "swing": 0.08},
    "trap": {"kick": "x......x..x.....", "snare": "....x.......x...", "hat": "xxxxxxxxxxxxxxxx", "swing": 0.0},
    "house": {"kick": "x...x...x...x...", "snare": "....x.......x...", "hat": "..x...x...x...x.", "swing": 0.0},
    "pop": {"kick": "x.......x.x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x.", "swing": 0.0},
    "lofi": {"kick": "x.....x...x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x.", "swing": 0.12},
    "rock": {"kick": "x.......x.x.....", "snare": "....x.......x...", "hat": "x.x.x.x.x.x.x.x.", "swing": 0.0},
}
_GENRE_ALIASES = {"hiphop": "hip hop", "hip-hop": "hip hop", "rap": "hip hop", "boom bap": "hip hop",
                  "edm": "house", "dance": "house", "techno": "house", "lo-fi": "lofi", "lo fi": "lofi",
                  "drill": "trap", "r&b": "pop", "rnb": "pop", "indie": "rock"}


@dataclass(frozen=True)
class BeatSpec:
    """What to render."""

    bpm: float = 90.0
    key: str = "A minor"
    mood: str = "chill"
    genre: str = "hip hop"
    duration_s: float = 30.0
    seed: int = 0


def parse_key(key: str) -> tuple[int, bool]:
    """'A minor', 'F#m', 'Eb major', 'C' -> (pitch class, is_minor)."""
    text = (key or "C").strip().replace("♯", "#").replace("♭", "b")
    parts = text.split()
    root = parts[0] if parts else "C"
    minor = any(p.lower().startswith("min") for p in parts[1:])
    if len(root) > 1 and root.endswith("m") and root[:-1] in NOTE_NAMES + tuple(_FLATS):
        root, minor = root[:-1], True
    root = root[:1].upper() + root[1:]
    root = _FLATS.get(root, root)
    if root not in NOTE_NAMES:
        root = "C"
    return NOTE_NAMES.index(root), minor


def normalize_genre(genre: str) -> str:
    g = (genre or "").strip().lower()
    g = _GENRE_ALIASES.get(g, g)
    return g if g in _PATTERNS else "hip hop"


def _freq(midi: float) -> float:
    return 440.0 * 2.0 ** ((midi - 69) / 12.0)


def _kick(sr: int, hard: bool) -> np.ndarray:
    n = int(0.45 * sr if hard else 0.3 * sr)
    t = np.arange(n) / sr
    f = 45 + 110 * np.exp(-t * 30)
    phase = 2 * np.pi * np.cumsum(f) / sr
    env = np.exp(-t * (6 if hard else 11))
    click = np.exp(-t * 400) * 0.4
    return (np.sin(phase) * env + click * np.sin(2 * np.pi * 1200 * t)).astype(np.float32)


def _snare(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(0.22 * sr)
    t = np.arange(n) / sr
    noise = rng.uniform(-1, 1, n)
    noise = np.diff(noise, prepend=0.0)  # brighter
    body = np.sin(2 * np.pi * 185 * t) * np.exp(-t * 30)
    return (0.55 * noise * np.exp(-t * 22) + 0.6 * body).astype(np.float32)


def _hat(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(0.05 * sr)
    t = np.arange(n) / sr
    noise = np.diff(rng.uniform(-1, 1, n + 1))
    return (0.35 * noise * np.exp(-t * 90)).astype(np.float32)


def _add(track: np.ndarray, sound: np.ndarray, at: int, gain: float) -> None:
    if at >= len(track):
        return
    end = min(len(track), at + len(sound))
    track[at:end] += gain * sound[: end - at]


def render_beat(spec: BeatSpec, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The beat as float32 stereo samples, shape (frames, 2), peaks at about -3 dBFS."""
    sr = sample_rate
    rng = np.random.default_rng(spec.seed)
    bpm = float(min(max(spec.bpm, 50.0), 200.0))
    genre = normalize_genre(spec.genre)
    mood = (spec.mood or "chill").strip().lower()
    tonic, minor = parse_key(spec.key)
    pattern = _PATTERNS[genre]
    frames = max(int(spec.duration_s * sr), sr // 2)
    step = 60.0 / bpm / 4.0  # sixteenth note, seconds
    bar = step * 16
    swing = float(pattern["swing"])  # type: ignore[arg-type]

    drums_l = np.zeros(frames, np.float32)
    kick, snare, hat = _kick(sr, genre == "trap"), _snare(sr, rng), _hat(sr, rng)
    n_steps = int(spec.duration_s / step) + 1
    for i in range(n_steps):
        s = i % 16
        t = i * step + (swing * step if i % 2 else 0.0)
        at = int(t * sr)
        if pattern["kick"][s] == "x":  # type: ignore[index]
            _add(drums_l, kick, at, 0.95)
        if pattern["snare"][s] == "x":  # type: ignore[index]
            _add(drums_l, snare, at, 0.7)
        if pattern["hat"][s] == "x":  # type: ignore[index]
            _add(drums_l, hat, at, 0.45 + 0.15 * rng.random())

    progs = _MINOR_PROGS if minor else _MAJOR_PROGS
    prog = progs.get(mood) or next(iter(progs.values()))
    bright = {"happy": 1.0, "energetic": 1.0, "sad": 0.4, "dark": 0.3}.get(mood, 0.6)
    chords_l = np.zeros(frames, np.float32)
    chords_r = np.zeros(frames, np.float32)
    bass = np.zeros(frames, np.float32)
    bar_n = int(bar * sr)
    tb = np.arange(bar_n) / sr
    pad_env = np.minimum(1.0, tb / 0.08) * np.exp(-tb * 0.6)
    n_bars = int(np.ceil(frames / bar_n))
    for b in range(n_bars):
        offset, chord_minor = prog[b % len(prog)]
        root = 48 + (tonic + offset) % 12  # C3..B3
        notes = (root, root + (3 if chord_minor else 4), root + 7)
        left = np.zeros(bar_n)
        right = np.zeros(bar_n)
        for k, note in enumerate(notes):
            f = _freq(note + 12)
            tone = np.sin(2 * np.pi * f * tb) + bright * 0.3 * np.sin(4 * np.pi * f * tb)
            detuned = np.sin(2 * np.pi * f * 1.004 * tb)
            left += tone * (1.0 - 0.15 * k)
            right += detuned * (0.7 + 0.15 * k)
        start = b * bar_n
        end = min(frames, start + bar_n)
        chords_l[start:end] += (0.09 * left * pad_env)[: end - start]
        chords_r[start:end] += (0.09 * right * pad_env)[: end - start]
        # Bass: the chord root on the kick grid of the first half-bar and beat 3.
        fb = _freq(root - 12 if genre != "trap" else root - 24 + 12)
        for beat_at in (0.0, bar / 2):
            n = int(min(bar / 2, 0.9 * bar / 2) * sr)
            tt = np.arange(n) / sr
            env = np.minimum(1.0, tt / 0.01) * np.exp(-tt * (2.5 if genre == "trap" else 4.0))
            note = np.tanh(2.0 * np.sin(2 * np.pi * fb * tt)) * env
            _add(bass, note.astype(np.float32), start + int(beat_at * sr), 0.32)

    left = drums_l + 0.9 * bass + chords_l
    right = drums_l + 0.9 * bass + chords_r
    out = np.stack([left, right], axis=1)
    fade = min(int(0.02 * sr), frames // 4)
    out[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)[:, None]
    peak = float(np.max(np.abs(out))) or 1.0
    return (out * (0.707 / peak)).astype(np.float32)
