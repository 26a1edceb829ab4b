"""The engine's view of a track (seed or candidate) and the column-wise pool it scores.

Seeds and candidates share one shape so a seed list, a listening history and a
candidate harvest can all be turned into numpy columns once and reused by every
later step (scoring, bucketing, refresh).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# Audio features in the order every feature vector uses (Spotify's names).
FEATURE_NAMES: tuple[str, ...] = (
    "acousticness",
    "danceability",
    "energy",
    "instrumentalness",
    "liveness",
    "loudness",
    "speechiness",
    "tempo",
    "valence",
)
FEATURE_INDEX: dict[str, int] = {name: i for i, name in enumerate(FEATURE_NAMES)}
N_FEATURES = len(FEATURE_NAMES)


def features_vector(values: Mapping[str, float] | object | None) -> np.ndarray | None:
    """A feature vector in `FEATURE_NAMES` order from a mapping or an object with those attributes.

    Returns None when any feature is missing, so partial data never masquerades as real.
    """
    if values is None:
        return None
    out = np.empty(N_FEATURES, dtype=np.float64)
    for i, name in enumerate(FEATURE_NAMES):
        raw = values.get(name) if isinstance(values, Mapping) else getattr(values, name, None)
        if raw is None:
            return None
        out[i] = float(raw)
    if not np.all(np.isfinite(out)):
        return None
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """One track as the engine sees it; seeds use the same shape.

    `features` is a vector in `FEATURE_NAMES` order or None (live Spotify has none);
    `embedding` is the Embedder's unit-norm vector of the track description;
    `play_count` is how often this person played it (0 = never).
    """

    track_id: str
    artist_id: str
    album_id: str
    embedding: np.ndarray
    genres: tuple[str, ...] = ()
    popularity: float = 50.0
    features: np.ndarray | None = None
    play_count: int = 0
    title: str = ""
    artist_name: str = ""
    featured_artist_ids: tuple[str, ...] = ()
    artist_names: tuple[str, ...] = ()  # every credited artist, in the order of `artist_ids`
    explicit: bool = False
    year: int = 0  # release year, 0 when unknown
    tags: tuple[str, ...] = ()  # words a source gives (demo: textures, moods, instruments)

    @property
    def primary_genre(self) -> str:
        """The genre the diversity cap counts ("" when the track has none)."""
        return self.genres[0].strip().lower() if self.genres else ""

    @property
    def artist_ids(self) -> tuple[str, ...]:
        return (self.artist_id, *self.featured_artist_ids)


@dataclass(frozen=True, slots=True)
class Blocklist:
    """What must never be recommended: seeds, saved and heavily played tracks, blocked artists."""

    track_ids: frozenset[str] = frozenset()
    artist_ids: frozenset[str] = frozenset()
    heavy_play_count: int = 20

    @classmethod
    def of(
        cls,
        *,
        seeds: Iterable[str] = (),
        saved: Iterable[str] = (),
        heavily_played: Iterable[str] = (),
        blocked_artists: Iterable[str] = (),
        heavy_play_count: int = 20,
    ) -> Blocklist:
        return cls(
            track_ids=frozenset(seeds) | frozenset(saved) | frozenset(heavily_played),
            artist_ids=frozenset(blocked_artists),
            heavy_play_count=heavy_play_count,
        )

    def union(self, other: Blocklist) -> Blocklist:
        return Blocklist(
            self.track_ids | other.track_ids,
            self.artist_ids | other.artist_ids,
            min(self.heavy_play_count, other.heavy_play_count),
        )

    def blocks(self, candidate: Candidate) -> bool:
        return (
            candidate.track_id in self.track_ids
            or candidate.play_count >= self.heavy_play_count
            or any(a in self.artist_ids for a in candidate.artist_ids)
        )


def _norm_title(title: str) -> str:
    return " ".join(title.lower().split())


@dataclass(slots=True)
class CandidatePool:
    """Candidates after the blocklist and de-duplication, with numpy columns for scoring.

    Built once per build; every later step indexes into it by row.
    """

    candidates: list[Candidate]
    embeddings: np.ndarray  # (n, d) float32, unit rows
    features: np.ndarray  # (n, N_FEATURES) float64, NaN rows where missing
    has_features: np.ndarray  # (n,) bool
    popularity: np.ndarray  # (n,) float64 in 0..100
    play_count: np.ndarray  # (n,) int64
    index: dict[str, int] = field(default_factory=dict)
    blocked: int = 0
    duplicates: int = 0

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def track_ids(self) -> list[str]:
        return [c.track_id for c in self.candidates]

    @classmethod
    def build(
        cls, candidates: Sequence[Candidate], blocklist: Blocklist | None = None, dim: int | None = None
    ) -> CandidatePool:
        """Drop blocked tracks, repeated ids and re-issues of a song (same artist and title)."""
        blocklist = blocklist or Blocklist()
        kept: list[Candidate] = []
        seen_ids: set[str] = set()
        seen_songs: set[tuple[str, str]] = set()
        blocked = duplicates = 0
        for cand in candidates:
            if blocklist.blocks(cand):
                blocked += 1
                continue
            song = (cand.artist_id, _norm_title(cand.title))
            if cand.track_id in seen_ids or (song[1] and song in seen_songs):
                duplicates += 1
                continue
            seen_ids.add(cand.track_id)
            if song[1]:
                seen_songs.add(song)
            kept.append(cand)
        n = len(kept)
        if dim is None:
            dim = int(kept[0].embedding.shape[-1]) if kept else 1
        emb = np.zeros((n, dim), dtype=np.float32)
        feats = np.full((n, N_FEATURES), np.nan, dtype=np.float64)
        for i, cand in enumerate(kept):
            emb[i] = cand.embedding
            if cand.features is not None:
                feats[i] = cand.features
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        emb = emb / np.where(norms > 0, norms, 1.0)
        has = ~np.isnan(feats).any(axis=1)
        return cls(
            candidates=kept,
            embeddings=emb,
            features=feats,
            has_features=has,
            popularity=np.clip(np.array([c.popularity for c in kept], dtype=np.float64), 0, 100),
            play_count=np.array([c.play_count for c in kept], dtype=np.int64),
            index={c.track_id: i for i, c in enumerate(kept)},
            blocked=blocked,
            duplicates=duplicates,
        )
