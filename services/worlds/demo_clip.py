"""A short demo sound per demo-catalog track, made from its attributes so a visitor hears playlists differ.

The demo catalog has no recordings; each track has a tempo, key, mode, energy, mood
and genre. This renders a 12-second clip with the label timeline's local beat synth
(`services.label.beat_synth`, through its public functions) from those attributes:
the track's BPM and key, a mood from its valence and energy, a drum pattern from its
genre family. The page labels it "demo sound", never the track itself. Renders are
cached as WAV files under the media root (`demo_clips/`), shared by everyone.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLIP_SECONDS = 12.0
SAMPLE_RATE = 22_050  # mono, 16-bit: ~530 KB a clip
_ID = re.compile(r"^[A-Za-z0-9]{1,32}$")
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# The synth's drum patterns, by the track's family.
PATTERN_BY_FAMILY = {
    "hip hop": "hip hop", "electronic": "house", "pop": "pop", "rock": "rock", "metal": "rock", "r&b": "pop",
    "jazz": "lofi", "classical": "lofi", "folk": "lofi", "country": "rock", "blues": "lofi", "reggae": "hip hop",
    "latin": "pop", "african": "house",
}


@dataclass(frozen=True, slots=True)
class ClipSpec:
    """What the clip is made from (all from the catalog row)."""

    track_id: str
    bpm: float
    key: str
    mood: str
    pattern: str
    quiet: float  # 0 loud .. 1 quiet: from the track's energy


def valid_track_id(track_id: str) -> bool:
    return bool(_ID.match(track_id or ""))


def mood_for(valence: float, energy: float, major: bool) -> str:
    """One of the synth's moods (happy, energetic, chill, sad, dark)."""
    if energy >= 0.75:
        return "energetic"
    if valence >= 0.6 and major:
        return "happy"
    if valence < 0.3:
        return "dark" if not major else "sad"
    if valence < 0.45 and not major:
        return "sad"
    return "chill"


def spec_for(track_id: str) -> ClipSpec | None:
    """The clip's recipe from the demo catalog, or None when the id is not a demo track."""
    if not valid_track_id(track_id):
        return None
    from services.catalog.models import CatalogTrack
    from services.db import session_scope
    from services.worlds.taxonomy import family_of

    with session_scope() as db:
        row = db.get(CatalogTrack, track_id)
        if row is None:
            return None
        major = bool(row.mode)
        return ClipSpec(
            track_id=track_id, bpm=float(row.tempo),
            key=f"{NOTE_NAMES[row.key % 12]} {'major' if major else 'minor'}",
            mood=mood_for(row.valence, row.energy, major),
            pattern=PATTERN_BY_FAMILY.get(family_of(row.genre), "pop"),
            quiet=float(np.clip(1.0 - row.energy, 0.0, 1.0)),
        )


def clip_dir() -> Path:
    from services.config import get_settings

    path = get_settings().media_dir / "demo_clips"
    path.mkdir(parents=True, exist_ok=True)
    return path


def render(spec: ClipSpec) -> np.ndarray:
    """Mono float samples of the clip: the synth's beat, quieter for a quieter track, faded in and out."""
    from services.label.beat_synth import BeatSpec, render_beat

    beat = render_beat(BeatSpec(bpm=spec.bpm, key=spec.key, mood=spec.mood, genre=spec.pattern,
                                duration_s=CLIP_SECONDS, seed=zlib.crc32(spec.track_id.encode())),
                       sample_rate=SAMPLE_RATE)
    mono = beat.mean(axis=1) * (1.0 - 0.45 * spec.quiet)
    fade = int(0.4 * SAMPLE_RATE)
    mono[:fade] *= np.linspace(0.0, 1.0, fade, dtype=np.float32)
    mono[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return mono.astype(np.float32)


def clip_path(track_id: str) -> Path | None:
    """The cached WAV of a demo track's clip, rendered on first ask; None for an unknown id."""
    spec = spec_for(track_id)
    if spec is None:
        return None
    path = clip_dir() / f"{track_id}.wav"
    if path.exists():
        return path
    from services.label.audio_io import write_wav

    tmp = path.with_suffix(f".{zlib.crc32(str(id(spec)).encode())}.tmp")
    write_wav(tmp, render(spec), SAMPLE_RATE)
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path


def clip_url(track_id: str) -> str:
    return f"/api/worlds/demo-clip/{track_id}.wav"
