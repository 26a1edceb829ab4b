"""Score every candidate against a taste profile, keeping the breakdown of each score.

total = w.semantic * semantic + w.feature * feature + w.novelty * novelty + w.diversity * diversity

- semantic: cosine to the profile's semantic centroid (less half the cosine to what the
  person asked to avoid), as a percentile of the pool;
- feature ("sound match"): closeness to the seeds in the 8-dimensional feature space,
  or, where a track has no audio features, how much its genres overlap the seeds';
  also a percentile of the pool, so the weights mean what they say;
- novelty: a new artist for this person, never played, less known, new genres;
- diversity: rare in the candidate set (its artist and genre do not dominate the pool).
All arithmetic is vectorised over the pool.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.worlds.profile import TasteProfile, _genre_tokens
from services.worlds.tracks import Blocklist, Candidate, CandidatePool

# How strongly closeness to the "avoid" words counts against a track's semantic match.
AVOID_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative weights of the four score parts (the seed's defaults); adjustable in the advanced panel."""

    semantic: float = 0.4
    feature: float = 0.3
    novelty: float = 0.2
    diversity: float = 0.1

    def __post_init__(self) -> None:
        parts = (self.semantic, self.feature, self.novelty, self.diversity)
        if any(not np.isfinite(p) or p < 0 for p in parts):
            raise ValueError("weights must be non-negative numbers")
        if sum(parts) <= 0:
            raise ValueError("at least one weight must be above zero")

    def normalized(self) -> Weights:
        total = self.semantic + self.feature + self.novelty + self.diversity
        return Weights(self.semantic / total, self.feature / total, self.novelty / total, self.diversity / total)


def percentile(values: np.ndarray) -> np.ndarray:
    """Each value's rank in 0..1 (ties share their average rank)."""
    n = len(values)
    if n == 0:
        return np.zeros(0)
    if n == 1:
        return np.ones(1)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    starts = np.cumsum(counts) - counts
    return (starts + (counts - 1) / 2.0)[inverse] / (n - 1)


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """Column-wise scores of a pool (row i = pool.candidates[i])."""

    pool: CandidatePool
    weights: Weights
    total: np.ndarray
    semantic: np.ndarray
    feature: np.ndarray
    novelty: np.ndarray
    diversity: np.ndarray
    cosine: np.ndarray
    audio_match: np.ndarray  # bool: the feature part came from audio features (else from genres)
    new_artist: np.ndarray  # bool
    matched_genre: list[str]

    def __len__(self) -> int:
        return len(self.total)

    def scored(self, i: int) -> Scored:
        return Scored(
            candidate=self.pool.candidates[i],
            score=float(self.total[i]),
            semantic=float(self.semantic[i]),
            feature=float(self.feature[i]),
            novelty=float(self.novelty[i]),
            diversity=float(self.diversity[i]),
            weights=self.weights,
            audio_match=bool(self.audio_match[i]),
            new_artist=bool(self.new_artist[i]),
            matched_genre=self.matched_genre[i],
        )

    def ranked(self) -> list[Scored]:
        order = np.lexsort((np.arange(len(self.total)), -self.total))
        return [self.scored(int(i)) for i in order]


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate with its score and the parts it is made of."""

    candidate: Candidate
    score: float
    semantic: float
    feature: float
    novelty: float
    diversity: float
    weights: Weights
    audio_match: bool
    new_artist: bool
    matched_genre: str

    @property
    def track_id(self) -> str:
        return self.candidate.track_id

    def breakdown(self) -> dict[str, float]:
        return {
            "semantic": self.semantic,
            "feature": self.feature,
            "novelty": self.novelty,
            "diversity": self.diversity,
            "total": self.score,
        }


def _genre_affinity(profile: TasteProfile, pool: CandidatePool) -> tuple[np.ndarray, list[str]]:
    """How well each candidate's genres overlap the seeds' (exact genre, or half for a shared word)."""
    cache: dict[str, float] = {}
    exact, tokens = profile.genre_weights, profile.genre_token_weights

    def affinity(genre: str) -> float:
        if genre not in cache:
            adjacent = max((tokens.get(t, 0.0) for t in _genre_tokens(genre)), default=0.0)
            cache[genre] = max(exact.get(genre, 0.0), 0.5 * adjacent)
        return cache[genre]

    out = np.zeros(len(pool))
    best: list[str] = []
    for i, cand in enumerate(pool.candidates):
        top, top_g = 0.0, ""
        for g in cand.genres:
            g = g.strip().lower()
            a = affinity(g)
            if a > top:
                top, top_g = a, g
        out[i] = top
        best.append(top_g)
    return out, best


def _novelty(profile: TasteProfile, pool: CandidatePool) -> tuple[np.ndarray, np.ndarray]:
    known = profile.known_artist_ids
    new_artist = np.array([not any(a in known for a in c.artist_ids) for c in pool.candidates], dtype=bool)
    unplayed = pool.play_count == 0
    obscurity = 1.0 - pool.popularity / 100.0
    seed_genres = profile.genre_weights
    new_genre = np.array(
        [
            (sum(g.strip().lower() not in seed_genres for g in c.genres) / len(c.genres)) if c.genres else 0.0
            for c in pool.candidates
        ]
    )
    return 0.5 * new_artist + 0.2 * unplayed + 0.2 * obscurity + 0.1 * new_genre, new_artist


def _rarity(pool: CandidatePool) -> np.ndarray:
    artists = Counter(c.artist_id for c in pool.candidates)
    genres = Counter(c.primary_genre for c in pool.candidates if c.primary_genre)
    artist_r = np.array([1.0 / artists[c.artist_id] for c in pool.candidates])
    top = max(genres.values(), default=1)
    log_top = np.log(top) if top > 1 else 1.0
    genre_r = np.array(
        [1.0 - np.log(genres[c.primary_genre]) / log_top if c.primary_genre else 0.5 for c in pool.candidates]
    )
    return 0.5 * artist_r + 0.5 * genre_r


def _feature_match(profile: TasteProfile, pool: CandidatePool) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian closeness in PCA space (1 at the centroid) for rows with features; NaN elsewhere."""
    n = len(pool)
    match = np.full(n, np.nan)
    usable = pool.has_features & profile.has_features
    if not profile.has_features or not usable.any():
        return match, np.zeros(n, dtype=bool)
    space = profile.space
    assert space is not None and profile.feature_centroid is not None and profile.feature_spread is not None
    rows = np.flatnonzero(usable)
    coords = space.project(pool.features[rows])
    d2 = (((coords - profile.feature_centroid) / profile.feature_spread) ** 2).mean(axis=1)
    match[rows] = np.exp(-0.5 * d2)
    return match, usable


def score_pool(profile: TasteProfile, pool: CandidatePool, weights: Weights | None = None) -> ScoreTable:
    """Score a ready pool; the engine's fast path (no per-call blocklist work)."""
    w = (weights or Weights()).normalized()
    n = len(pool)
    cosine = (
        pool.embeddings @ profile.semantic_centroid.astype(np.float32) if n else np.zeros(0, dtype=np.float32)
    ).astype(np.float64)
    if profile.avoid_centroid is not None and n:
        cosine = cosine - AVOID_WEIGHT * (pool.embeddings @ profile.avoid_centroid).astype(np.float64)
    audio, audio_rows = _feature_match(profile, pool)
    genre, matched = _genre_affinity(profile, pool)
    sound = np.where(audio_rows, audio, genre)
    semantic = percentile(cosine)
    feature = percentile(sound)
    novelty, new_artist = _novelty(profile, pool)
    diversity = _rarity(pool) if n else np.zeros(0)
    total = w.semantic * semantic + w.feature * feature + w.novelty * novelty + w.diversity * diversity
    return ScoreTable(
        pool=pool,
        weights=w,
        total=total,
        semantic=semantic,
        feature=feature,
        novelty=novelty,
        diversity=diversity,
        cosine=cosine,
        audio_match=audio_rows,
        new_artist=new_artist,
        matched_genre=matched,
    )


def seed_blocklist(profile: TasteProfile, blocklist: Blocklist | None) -> Blocklist:
    """The caller's blocklist plus the seeds themselves."""
    seeds = Blocklist(track_ids=profile.seed_track_ids)
    return seeds.union(blocklist) if blocklist else seeds


def score_candidates(
    profile: TasteProfile,
    candidates: Sequence[Candidate] | CandidatePool,
    weights: Weights | None = None,
    blocklist: Blocklist | None = None,
) -> list[Scored]:
    """Blocked tracks removed, the rest scored and ranked best first."""
    if isinstance(candidates, CandidatePool):
        block = seed_blocklist(profile, blocklist)
        pool = CandidatePool.build(candidates.candidates, block)
    else:
        pool = CandidatePool.build(candidates, seed_blocklist(profile, blocklist))
    return score_pool(profile, pool, weights).ranked()
