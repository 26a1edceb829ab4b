""""Why this track", in plain words: "late-night · 92 BPM · like Nils Frahm".

Three short parts, each true of the track: the asked-for mood or setting it sits in
(or its own feel when it sits outside), its tempo when measured (its genre when
not), and the seed artist it is closest to by meaning (or "new to you").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from services.worlds.signals import SIGNAL_INDEX, TrackSignals, band_mask
from services.worlds.tracks import Candidate

SEP = " · "
LIKE_MIN = 0.35  # cosine below which no seed artist is close enough to name
# How a concept label reads in front of a track ("for sleep" rather than "sleep").
PHRASES: dict[str, str] = {
    "focus": "for focus", "sleep": "for sleep", "workout": "workout pace", "running": "running pace",
    "dinner": "dinner-table", "cooking": "kitchen", "road-trip": "road-trip", "reading": "for reading",
    "party": "party-ready", "meditation": "meditative", "summer": "summery", "winter": "wintry",
    "morning": "morning", "rainy-day": "rainy-day", "night-drive": "night-drive", "full-power": "full power",
}


def feel(energy: float, valence: float) -> str:
    """A track's own feel from its energy and mood (0..1 each)."""
    if np.isnan(energy):
        return ""
    level = "hushed" if energy < 0.3 else "easy" if energy < 0.55 else "lively" if energy < 0.78 else "high-energy"
    if np.isnan(valence):
        return level
    mood = "dark" if valence < 0.3 else "bittersweet" if valence < 0.5 else "warm" if valence < 0.72 else "bright"
    return f"{level}, {mood}"


class SeedNeighbours:
    """The seed artists by meaning, to say which one a track is like."""

    def __init__(self, seeds: Sequence[Candidate]) -> None:
        names = []
        rows = []
        for s in seeds:
            name = (s.artist_names[0] if s.artist_names else s.artist_name.split(", ")[0]).strip()
            if name:
                names.append(name)
                rows.append(np.asarray(s.embedding, dtype=np.float32))
        self.names = names
        self.matrix = np.stack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
        if len(rows):
            self.matrix /= np.maximum(np.linalg.norm(self.matrix, axis=1, keepdims=True), 1e-12)
        self.artist_ids = {a for s in seeds for a in s.artist_ids}

    def like(self, track: Candidate) -> str:
        if not self.names or any(a in self.artist_ids for a in track.artist_ids):
            return ""
        e = np.asarray(track.embedding, dtype=np.float32)
        sims = self.matrix @ (e / max(float(np.linalg.norm(e)), 1e-12))
        best = int(np.argmax(sims))
        own = {n.lower() for n in track.artist_names} or {track.artist_name.lower()}
        if float(sims[best]) < LIKE_MIN or self.names[best].lower() in own:
            return ""
        return f"like {self.names[best]}"


def explain(track: Candidate, row: int, signals: TrackSignals, labels: Sequence[str],
            bands: dict[str, tuple[float, float]], neighbours: SeedNeighbours, new_artist: bool) -> str:
    """The "why this track" line for one track of a world."""
    parts: list[str] = []
    inside = bool(band_mask_row(signals, row, bands)) if bands else False
    if labels and inside:
        parts.append(PHRASES.get(labels[0], labels[0]))
    else:
        own = feel(signals.values[row, SIGNAL_INDEX["energy"]], signals.values[row, SIGNAL_INDEX["valence"]])
        if own:
            parts.append(own)
    tempo = signals.values[row, SIGNAL_INDEX["tempo"]]
    if signals.measured[row, SIGNAL_INDEX["tempo"]] and not np.isnan(tempo):
        parts.append(f"{round(float(tempo))} BPM")
    elif track.primary_genre:
        parts.append(track.primary_genre)
    like = neighbours.like(track)
    parts.append(like or ("new to you" if new_artist else ""))
    text = SEP.join(p for p in parts if p)
    return text or "a close fit with your seeds"


def band_mask_row(signals: TrackSignals, row: int, bands: dict[str, tuple[float, float]]) -> bool:
    sub = TrackSignals(signals.values[row:row + 1], signals.measured[row:row + 1], signals.families[row:row + 1])
    return bool(band_mask(sub, bands)[0])
