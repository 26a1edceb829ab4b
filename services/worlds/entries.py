"""A built world as values to save and show: playlists with their identity, coherence, tracks and reasons.

Plain frozen dataclasses (no table rows), shared by the builder, the refresh and the
store (`repo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from services.worlds.scoring import Weights

if TYPE_CHECKING:
    from services.worlds.engine import WorldBuild


@dataclass(frozen=True, slots=True)
class TrackEntry:
    track_id: str
    title: str = ""
    artist_name: str = ""
    score: float = 0.0
    breakdown: dict[str, float] = field(default_factory=dict)
    why: str = ""


@dataclass(frozen=True, slots=True)
class PlaylistEntry:
    name: str
    description: str = ""
    intersection: dict[str, Any] = field(default_factory=dict)  # the playlist's identity (and coherence)
    tracks: list[TrackEntry] = field(default_factory=list)
    id: int | None = None
    external_id: str = ""

    @property
    def track_ids(self) -> list[str]:
        return [t.track_id for t in self.tracks]

    @property
    def coherence(self) -> float:
        return float(self.intersection.get("coherence", 0.0) or 0.0)


@dataclass(frozen=True, slots=True)
class WorldDraft:
    """A built world, ready to save."""

    name: str
    playlists: list[PlaylistEntry]
    description: str = ""
    definition: dict[str, Any] = field(default_factory=dict)
    palette: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    source: str = "demo"
    cadence: str = "off"


def weights_dict(weights: Weights) -> dict[str, float]:
    return {"semantic": weights.semantic, "feature": weights.feature, "novelty": weights.novelty,
            "diversity": weights.diversity}


def coherence(build: WorldBuild, p: int) -> float:
    """Share of a playlist's tracks that are of its family and inside its bands (not widened)."""
    pl = build.playlists.playlists[p]
    if not pl.tracks or build.signals is None:
        return 0.0
    index = build.pool.index
    rows = [index[t] for t in pl.track_ids if t in index]
    primary = [c.primary_genre for c in build.pool.candidates]
    mask = pl.identity.mask(build.signals, primary, 0.0)
    return float(np.mean([bool(mask[r]) for r in rows])) if rows else 0.0


def playlist_entries(build: WorldBuild) -> list[PlaylistEntry]:
    """The engine's playlists as entries to save and show (score breakdown and reason per track)."""
    from services.worlds.why import SeedNeighbours, explain

    neighbours = build.neighbours or SeedNeighbours(())
    signals = build.signals
    labels = build.intent.labels
    bands = dict(build.intent.bands)
    index = build.pool.index
    out = []
    for p, pl in enumerate(build.playlists.playlists):
        tracks = []
        for s in pl.tracks:
            why = explain(s.candidate, index[s.track_id], signals, labels, bands, neighbours, s.new_artist) \
                if signals is not None else ""
            tracks.append(TrackEntry(
                track_id=s.track_id, title=s.candidate.title, artist_name=s.candidate.artist_name,
                score=round(s.score, 4), breakdown={k: round(v, 4) for k, v in s.breakdown().items()}, why=why))
        ident = pl.identity.to_dict()
        ident["coherence"] = round(coherence(build, p), 3)
        ident["widened"] = pl.widened
        out.append(PlaylistEntry(name=pl.name, description=pl.identity.description, intersection=ident, tracks=tracks))
    return out
