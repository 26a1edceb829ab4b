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
from services.label.structure import ENERGY, MAX_SECONDS, Section, check_bpm, default_sections

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
    "energetic": [(0, True), (8, False), (10, False), (0, True)],  # i VI VII i
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
    """What to render. With no `sections`, a song shape is derived from `duration_s`;
    with sections, the beat lasts exactly their bars (up to six minutes)."""

    bpm: float = 90.0
    key: str = "A minor"
    mood: str = "chill"
    genre: str = "hip hop"
    duration_s: float = 30.0
    seed: int = 0
    sections: tuple[Section, ...] = ()


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


def _kick(sr: int, hard: bool, tonic: int = 6) -> np.ndarray:
    """A kick whose body settles on the key's tonic (41-78 Hz), as producers tune them:
    an untuned kick's low hum pulls key detection towards its own pitch."""
    n = int(0.45 * sr if hard else 0.3 * sr)
    t = np.arange(n) / sr
    body = _freq(28 + (tonic - 4) % 12)  # E1 (41.2 Hz) .. D#2
    f = body * (1.0 + 2.0 * np.exp(-t * 30))  # drops from the fifth above the octave: in key
    phase = 2 * np.pi * np.cumsum(f) / sr
    env = np.exp(-t * (6 if hard else 11))
    click = np.exp(-t * 400) * 0.4
    return (np.sin(phase) * env + click * np.sin(2 * np.pi * 1200 * t)).astype(np.float32)


def _snare(sr: int, rng: np.random.Generator, tonic: int = 6) -> np.ndarray:
    """Noise over a short body tuned to the key's fifth (a fixed 185 Hz body is an F#
    in every key, which reads as a wrong third in D minor)."""
    n = int(0.22 * sr)
    t = np.arange(n) / sr
    noise = rng.uniform(-1, 1, n)
    noise = np.diff(noise, prepend=0.0)  # brighter
    body = np.sin(2 * np.pi * _freq(48 + (tonic + 7) % 12) * t) * np.exp(-t * 30)
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


def _chord_bar(root: int, minor: bool, bright: float, bar_n: int, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """One bar of a sustained triad, left and right slightly detuned."""
    tb = np.arange(bar_n) / sr
    env = np.minimum(1.0, tb / 0.08) * np.exp(-tb * 0.6)
    left, right = np.zeros(bar_n), np.zeros(bar_n)
    for k, note in enumerate((root, root + (3 if minor else 4), root + 7)):
        f = _freq(note + 12)
        left += (np.sin(2 * np.pi * f * tb) + bright * 0.3 * np.sin(4 * np.pi * f * tb)) * (1.0 - 0.15 * k)
        right += np.sin(2 * np.pi * f * 1.004 * tb) * (0.7 + 0.15 * k)
    return (0.09 * left * env).astype(np.float32), (0.09 * right * env).astype(np.float32)


def _bass_note(freq: float, seconds: float, trap: bool, sr: int) -> np.ndarray:
    tt = np.arange(int(seconds * sr)) / sr
    env = np.minimum(1.0, tt / 0.01) * np.exp(-tt * (2.5 if trap else 4.0))
    return (np.tanh(2.0 * np.sin(2 * np.pi * freq * tt)) * env).astype(np.float32)


def _section_plan(spec: BeatSpec, bpm: float) -> list[Section]:
    if spec.sections:
        return list(spec.sections)
    return default_sections(max(1.0, min(MAX_SECONDS, spec.duration_s)), bpm)


def render_beat(spec: BeatSpec, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The beat as float32 stereo samples, shape (frames, 2), peaks at about -3 dBFS.

    Each section plays its part: the intro pads and hats, verses the groove, choruses
    everything a little brighter with a crash on the one, the bridge half-time over a
    turned progression, the outro thinning out; a fill closes each section."""
    sr = sample_rate
    rng = np.random.default_rng(spec.seed)
    bpm = check_bpm(spec.bpm)
    genre = normalize_genre(spec.genre)
    mood = (spec.mood or "chill").strip().lower()
    tonic, minor = parse_key(spec.key)
    pattern = _PATTERNS[genre]
    sections = _section_plan(spec, bpm)
    step = 60.0 / bpm / 4.0  # sixteenth note, seconds
    bar = step * 16
    bar_n = int(round(bar * sr))
    n_bars = sections[-1].end_bar
    frames = n_bars * bar_n if spec.sections else max(int(min(spec.duration_s, MAX_SECONDS) * sr), sr // 2)
    swing = float(pattern["swing"])  # type: ignore[arg-type]
    kind_of_bar = [s.kind for s in sections for _ in range(s.bars)]
    last_of_section = {s.end_bar - 1 for s in sections}

    drums = np.zeros(frames + sr, np.float32)
    kick, snare, hat = _kick(sr, genre == "trap", tonic), _snare(sr, rng, tonic), _hat(sr, rng)
    crash = np.convolve(np.diff(rng.uniform(-1, 1, int(1.2 * sr) + 1)), np.ones(3) / 3, "same").astype(np.float32)
    crash *= np.exp(-np.arange(len(crash)) / sr * 3.0).astype(np.float32) * 0.35
    for b, kind in enumerate(kind_of_bar):
        energy = ENERGY.get(kind, 0.7)
        if b > 0 and kind_of_bar[b - 1] != kind and kind == "chorus":
            _add(drums, crash, b * bar_n, 0.8)
        for s in range(16):
            at = int(((b * 16 + s) * step + (swing * step if s % 2 else 0.0)) * sr)
            if kind == "intro":
                hit_kick, hit_snare, hit_hat = s == 0 and energy > 0.3, False, pattern["hat"][s] == "x"  # type: ignore[index]
            elif kind == "bridge":  # half time
                hit_kick, hit_snare, hit_hat = s in (0, 10), s == 8, s % 4 == 0
            elif kind == "outro":
                hit_kick, hit_snare, hit_hat = s in (0, 8), False, s % 4 == 0
            else:
                hit_kick = pattern["kick"][s] == "x"  # type: ignore[index]
                hit_snare = pattern["snare"][s] == "x"  # type: ignore[index]
                hit_hat = pattern["hat"][s] == "x" or (kind == "chorus" and s % 2 == 1)  # type: ignore[index]
            if b in last_of_section and kind not in ("intro", "outro") and s >= 12:
                hit_snare = True  # a fill into the next section
            if hit_kick:
                _add(drums, kick, at, 0.95)
            if hit_snare:
                _add(drums, snare, at, 0.7 if s < 12 or b not in last_of_section else 0.45 + 0.08 * (s - 12))
            if hit_hat:
                _add(drums, hat, at, (0.45 + 0.15 * rng.random()) * (0.8 + 0.2 * energy))

    progs = _MINOR_PROGS if minor else _MAJOR_PROGS
    prog = progs.get(mood) or next(iter(progs.values()))
    bright = {"happy": 1.0, "energetic": 1.0, "sad": 0.4, "dark": 0.3}.get(mood, 0.6)
    chords_l = np.zeros(frames + bar_n, np.float32)
    chords_r = np.zeros(frames + bar_n, np.float32)
    bass = np.zeros(frames + bar_n, np.float32)
    chord_cache: dict[tuple[int, bool, float], tuple[np.ndarray, np.ndarray]] = {}
    bass_cache: dict[int, np.ndarray] = {}
    half = bar / 2
    for b, kind in enumerate(kind_of_bar):
        start = b * bar_n
        if start >= frames:
            break
        turn = 2 if kind == "bridge" else 0
        offset, chord_minor = prog[(b + turn) % len(prog)]
        root = 48 + (tonic + offset) % 12  # C3..B3
        shine = min(1.0, bright + (0.3 if kind == "chorus" else 0.0))
        key = (root, chord_minor, round(shine, 2))
        if key not in chord_cache:
            chord_cache[key] = _chord_bar(root, chord_minor, shine, bar_n, sr)
        left, right = chord_cache[key]
        level = 0.6 + 0.5 * ENERGY.get(kind, 0.7)
        chords_l[start:start + bar_n] += level * left
        chords_r[start:start + bar_n] += level * right
        if kind == "intro":
            continue
        if root not in bass_cache:
            fb = _freq(root - 12 if genre != "trap" else root - 12)
            bass_cache[root] = _bass_note(fb, 0.9 * half, genre == "trap", sr)
        for beat_at in ((0.0,) if kind in ("bridge", "outro") else (0.0, half)):
            _add(bass, bass_cache[root], start + int(beat_at * sr), 0.32)

    out = np.stack([drums[:frames] + 0.9 * bass[:frames] + chords_l[:frames],
                    drums[:frames] + 0.9 * bass[:frames] + chords_r[:frames]], axis=1)
    fade = min(int((1.5 if spec.sections and n_bars > 8 else 0.05) * sr), frames // 4)
    out[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)[:, None]
    peak = float(np.max(np.abs(out))) or 1.0
    return (out * (0.707 / peak)).astype(np.float32)
