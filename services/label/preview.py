"""A short demo sound for any track described by its attributes, from the local synth
(our own code: licence-clean, no network, ~50 ms for 12 s). The world builder and
the party room use it to let people hear a catalog track's feel without a stream.

    from services.label.preview import render_preview
    wav = render_preview(tempo=124, key="A", mode="minor", energy=0.8, family="electronic", seconds=12)

Same attributes, same sound (the seed is derived from them), so previews can be cached.
"""

from __future__ import annotations

import hashlib
import io
import wave

import numpy as np

from services.label.beat_synth import NOTE_NAMES, BeatSpec, parse_key, render_beat
from services.label.structure import MAX_BPM, MIN_BPM, Section

# Genre families (catalog words) -> the synth's patterns.
FAMILIES: dict[str, str] = {
    "hip hop": "hip hop", "hip-hop": "hip hop", "rap": "hip hop", "r&b": "lofi", "rnb": "lofi", "soul": "lofi",
    "trap": "trap", "drill": "trap", "electronic": "house", "house": "house", "techno": "house", "dance": "house",
    "edm": "house", "disco": "house", "pop": "pop", "indie": "rock", "rock": "rock", "metal": "rock", "punk": "rock",
    "folk": "lofi", "jazz": "lofi", "lofi": "lofi", "lo-fi": "lofi", "ambient": "lofi", "classical": "lofi",
    "latin": "pop", "reggaeton": "trap", "afrobeats": "pop", "country": "rock",
}


def family_pattern(family: str) -> str:
    """The synth pattern for a genre family; unknown families get pop."""
    words = (family or "").strip().lower()
    if words in FAMILIES:
        return FAMILIES[words]
    return next((v for k, v in FAMILIES.items() if k in words), "pop")


def fold_tempo(tempo: float) -> float:
    """Catalog tempos outside the synth's range are halved or doubled into it."""
    value = float(tempo) if tempo and np.isfinite(tempo) and tempo > 0 else 100.0
    while value > MAX_BPM:
        value /= 2
    while value < MIN_BPM:
        value *= 2
    return round(value, 2)


def _mood(energy: float, minor: bool) -> str:
    if energy >= 0.7:
        return "energetic"
    if minor:
        return "dark" if energy < 0.3 else "sad" if energy < 0.45 else "chill"
    return "happy" if energy >= 0.45 else "chill"


def render_preview(tempo: float, key: str | int, mode: str | int, energy: float, family: str, seconds: float = 12.0, *,
                   sample_rate: int = 22050) -> bytes:
    """A mono 16-bit WAV (bytes) of `seconds` (1-30) in the track's tempo, key and mode
    (`key` a note name like "F#" or a pitch class 0-11; `mode` "major"/"minor" or 1/0),
    with `energy` 0..1 choosing how full it plays and `family` the groove."""
    pitch = NOTE_NAMES[int(key) % 12] if isinstance(key, int) or str(key).isdigit() else parse_key(str(key))[0]
    root = NOTE_NAMES[pitch] if isinstance(pitch, int) else str(pitch)
    minor = str(mode).lower() in ("minor", "0", "min", "m")
    level = float(min(1.0, max(0.0, energy if energy is not None else 0.5)))
    bpm = fold_tempo(tempo)
    length = float(min(30.0, max(1.0, seconds)))
    bars = max(1, int(np.ceil(length / (240.0 / bpm))))
    kind = "chorus" if level >= 0.65 else "verse" if level >= 0.3 else "intro"
    seed = int(hashlib.sha256(f"{bpm}|{root}|{minor}|{level:.2f}|{family}".encode()).hexdigest()[:8], 16)
    spec = BeatSpec(bpm=bpm, key=f"{root} {'minor' if minor else 'major'}", mood=_mood(level, minor),
                    genre=family_pattern(family), seed=seed, sections=(Section(kind, 0, bars),))
    mono = render_beat(spec, sample_rate).mean(axis=1)[: int(length * sample_rate)]
    fade = min(len(mono) // 4, int(0.3 * sample_rate))
    if fade:
        mono[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    pcm = (np.clip(mono / (np.abs(mono).max() or 1.0) * 0.8, -1, 1) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buf.getvalue()
