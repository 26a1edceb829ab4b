"""A short demo sound per demo-catalog track, made from its attributes so a visitor hears playlists differ.

The demo catalog has no recordings; each track has a tempo, key, mode, energy and genre.
The label timeline's local synth renders a 12-second clip from those
(`services.label.preview.render_preview`: our own code, licence-clean). The page labels
it "demo sound", never the track itself. Renders are cached as WAV files under the media
root (`demo_clips/`), shared by everyone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

CLIP_SECONDS = 12.0
SAMPLE_RATE = 22_050  # mono, 16-bit: ~530 KB a clip
_ID = re.compile(r"^[A-Za-z0-9]{1,32}$")


@dataclass(frozen=True, slots=True)
class ClipSpec:
    """What the clip is made from (all from the catalog row)."""

    track_id: str
    bpm: float
    key: int  # pitch class 0-11
    major: bool
    energy: float
    family: str


def valid_track_id(track_id: str) -> bool:
    return bool(_ID.match(track_id or ""))


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
        return ClipSpec(track_id=track_id, bpm=float(row.tempo), key=int(row.key) % 12, major=bool(row.mode),
                        energy=float(row.energy), family=family_of(row.genre) or row.genre)


def clip_dir() -> Path:
    from services.config import get_settings

    path = get_settings().media_dir / "demo_clips"
    path.mkdir(parents=True, exist_ok=True)
    return path


def render(spec: ClipSpec) -> bytes:
    """The clip as a mono 16-bit WAV."""
    from services.label.preview import render_preview

    return render_preview(spec.bpm, spec.key, "major" if spec.major else "minor", spec.energy, spec.family,
                          CLIP_SECONDS, sample_rate=SAMPLE_RATE)


def clip_path(track_id: str) -> Path | None:
    """The cached WAV of a demo track's clip, rendered on first ask; None for an unknown id."""
    spec = spec_for(track_id)
    if spec is None:
        return None
    path = clip_dir() / f"{track_id}.wav"
    if path.exists():
        return path
    tmp = path.with_suffix(f".{os.getpid()}.{id(spec)}.tmp")
    tmp.write_bytes(render(spec))
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path


def clip_url(track_id: str) -> str:
    return f"/api/worlds/demo-clip/{track_id}.wav"
