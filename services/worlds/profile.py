"""A person's taste profile: where their seeds sit in feature space and in meaning.

Features are standardised and reduced to 8 principal components (numpy SVD) so
correlated measures (energy and loudness) do not count twice; the semantic
centroid is the mean of the seeds' description embeddings. When audio features
are missing (live Spotify) the profile says so and scoring runs on embeddings,
genres and popularity alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from services.worlds.tracks import FEATURE_NAMES, N_FEATURES, Candidate

PCA_DIMS = 8
# A seed cluster narrower than this share of the catalog's spread would make every
# candidate look far away; the floor keeps the feature match meaningful.
SPREAD_FLOOR = 0.35


@dataclass(frozen=True, slots=True)
class FeatureSpace:
    """Standardisation and principal axes fitted on a reference set of feature vectors."""

    mean: np.ndarray  # (N_FEATURES,)
    scale: np.ndarray  # (N_FEATURES,)
    components: np.ndarray  # (k, N_FEATURES), orthonormal rows
    component_std: np.ndarray  # (k,) spread of the reference along each axis

    @property
    def dims(self) -> int:
        return int(self.components.shape[0])

    @classmethod
    def fit(cls, matrix: np.ndarray, dims: int = PCA_DIMS) -> FeatureSpace:
        """Fit on rows of feature vectors (NaN rows are ignored); needs at least one row."""
        rows = np.asarray(matrix, dtype=np.float64).reshape(-1, N_FEATURES)
        rows = rows[~np.isnan(rows).any(axis=1)]
        if len(rows) == 0:
            raise ValueError("no feature vectors to fit a feature space on")
        mean = rows.mean(axis=0)
        scale = rows.std(axis=0)
        scale = np.where(scale > 1e-9, scale, 1.0)
        z = (rows - mean) / scale
        k = min(dims, N_FEATURES)
        if len(rows) >= 2:
            _, sing, vt = np.linalg.svd(z, full_matrices=False)
            comps = vt[:k]
            std = np.zeros(k)
            std[: len(sing)] = (sing / np.sqrt(len(rows)))[:k]
            if comps.shape[0] < k:  # fewer rows than dimensions: complete the basis
                comps = _complete_basis(comps, k)
        else:
            comps = np.eye(N_FEATURES)[:k]
            std = np.zeros(k)
        std = np.where(std > 1e-6, std, 1.0)
        return cls(mean=mean, scale=scale, components=comps, component_std=std)

    def standardize(self, matrix: np.ndarray) -> np.ndarray:
        return (np.asarray(matrix, dtype=np.float64) - self.mean) / self.scale

    def project(self, matrix: np.ndarray) -> np.ndarray:
        """Feature vectors (n, N_FEATURES) -> coordinates (n, k); NaN rows stay NaN."""
        return self.standardize(matrix) @ self.components.T


def _complete_basis(rows: np.ndarray, k: int) -> np.ndarray:
    basis = list(rows)
    for e in np.eye(N_FEATURES):
        if len(basis) >= k:
            break
        v = e - sum((e @ b) * b for b in basis) if basis else e
        if np.linalg.norm(v) > 1e-6:
            basis.append(v / np.linalg.norm(v))
    return np.array(basis[:k])


@dataclass(frozen=True, slots=True)
class TasteProfile:
    """Where the seeds sit: feature centroid and spread, semantic centroid, genres, known artists."""

    semantic_centroid: np.ndarray
    has_features: bool
    avoid_centroid: np.ndarray | None = None  # what the person asked to avoid, embedded
    space: FeatureSpace | None = None
    feature_centroid: np.ndarray | None = None  # (k,) in PCA coordinates
    feature_spread: np.ndarray | None = None  # (k,)
    feature_mean_z: np.ndarray | None = None  # (N_FEATURES,) seeds' standardised mean, for explanations
    genre_weights: dict[str, float] = field(default_factory=dict)
    genre_token_weights: dict[str, float] = field(default_factory=dict)
    known_artist_ids: frozenset[str] = frozenset()
    seed_track_ids: frozenset[str] = frozenset()
    n_seeds: int = 0
    n_seeds_with_features: int = 0

    @property
    def top_genres(self) -> list[str]:
        return [g for g, _ in sorted(self.genre_weights.items(), key=lambda kv: (-kv[1], kv[0]))]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, to store with a saved world (its refresh needs the same axes)."""

        def arr(a: np.ndarray | None) -> list[float] | None:
            return None if a is None else [float(x) for x in np.asarray(a).ravel()]

        space = self.space
        return {
            "semantic_centroid": arr(self.semantic_centroid),
            "avoid_centroid": arr(self.avoid_centroid),
            "has_features": self.has_features,
            "space": None
            if space is None
            else {
                "mean": arr(space.mean),
                "scale": arr(space.scale),
                "components": [arr(row) for row in space.components],
                "component_std": arr(space.component_std),
            },
            "feature_centroid": arr(self.feature_centroid),
            "feature_spread": arr(self.feature_spread),
            "feature_mean_z": arr(self.feature_mean_z),
            "genre_weights": dict(self.genre_weights),
            "genre_token_weights": dict(self.genre_token_weights),
            "known_artist_ids": sorted(self.known_artist_ids),
            "seed_track_ids": sorted(self.seed_track_ids),
            "n_seeds": self.n_seeds,
            "n_seeds_with_features": self.n_seeds_with_features,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TasteProfile:
        def arr(v: Any, dtype: type = np.float64) -> np.ndarray | None:
            return None if v is None else np.asarray(v, dtype=dtype)

        sp = data.get("space")
        space = (
            None
            if sp is None
            else FeatureSpace(
                mean=np.asarray(sp["mean"]),
                scale=np.asarray(sp["scale"]),
                components=np.asarray(sp["components"]),
                component_std=np.asarray(sp["component_std"]),
            )
        )
        semantic = arr(data["semantic_centroid"], np.float32)
        assert semantic is not None
        return cls(
            semantic_centroid=semantic,
            has_features=bool(data.get("has_features")) and space is not None,
            avoid_centroid=arr(data.get("avoid_centroid"), np.float32),
            space=space,
            feature_centroid=arr(data.get("feature_centroid")),
            feature_spread=arr(data.get("feature_spread")),
            feature_mean_z=arr(data.get("feature_mean_z")),
            genre_weights={str(k): float(v) for k, v in (data.get("genre_weights") or {}).items()},
            genre_token_weights={str(k): float(v) for k, v in (data.get("genre_token_weights") or {}).items()},
            known_artist_ids=frozenset(data.get("known_artist_ids") or ()),
            seed_track_ids=frozenset(data.get("seed_track_ids") or ()),
            n_seeds=int(data.get("n_seeds", 0)),
            n_seeds_with_features=int(data.get("n_seeds_with_features", 0)),
        )

    def describe(self) -> str:
        """One plain sentence for the page."""
        genres = ", ".join(self.top_genres[:3]) or "no listed genres"
        basis = (
            "audio features, meaning and genres"
            if self.has_features
            else "meaning, genres and popularity (no audio features available)"
        )
        return f"Built from {self.n_seeds} seed tracks ({genres}), matched on {basis}."


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _genre_tokens(genre: str) -> set[str]:
    return {t for t in genre.replace("-", " ").split() if len(t) > 2}


def _genre_weights(seeds: Sequence[Candidate]) -> tuple[dict[str, float], dict[str, float]]:
    n = max(len(seeds), 1)
    exact: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    for s in seeds:
        gs = {g.strip().lower() for g in s.genres if g.strip()}
        exact.update(gs)
        tokens.update(set().union(*(_genre_tokens(g) for g in gs)) if gs else set())
    return {g: c / n for g, c in exact.items()}, {t: c / n for t, c in tokens.items()}


def build_profile(
    seeds: Sequence[Candidate],
    *,
    reference_features: np.ndarray | None = None,
    space: FeatureSpace | None = None,
    known_artist_ids: Iterable[str] = (),
    world_embedding: np.ndarray | None = None,
    world_weight: float = 0.25,
    avoid_embedding: np.ndarray | None = None,
    dims: int = PCA_DIMS,
) -> TasteProfile:
    """The taste profile of `seeds`.

    The feature space is `space` when given (a refresh keeps its world's axes), else
    fitted on the seeds plus `reference_features` (the candidate pool), so the axes
    describe the catalog and the seeds are placed within it. `world_embedding` (the
    Composer's world description, embedded) pulls the semantic centroid toward the
    answers to the five questions by `world_weight`; `avoid_embedding` (the exclude
    keywords, embedded) is what scoring steers away from.
    """
    if not seeds:
        raise ValueError("a taste profile needs at least one seed track")
    emb = np.stack([np.asarray(s.embedding, dtype=np.float64) for s in seeds])
    emb = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    centroid = _unit(emb.mean(axis=0))
    if world_embedding is not None and world_weight > 0:
        w = _unit(np.asarray(world_embedding, dtype=np.float64))
        centroid = _unit((1 - world_weight) * centroid + world_weight * w)
    genre_w, token_w = _genre_weights(seeds)
    avoid = None
    if avoid_embedding is not None and float(np.linalg.norm(avoid_embedding)) > 0:
        avoid = _unit(np.asarray(avoid_embedding, dtype=np.float64)).astype(np.float32)
    base = TasteProfile(
        semantic_centroid=centroid.astype(np.float32),
        has_features=False,
        avoid_centroid=avoid,
        genre_weights=genre_w,
        genre_token_weights=token_w,
        known_artist_ids=frozenset(known_artist_ids) | {a for s in seeds for a in s.artist_ids},
        seed_track_ids=frozenset(s.track_id for s in seeds),
        n_seeds=len(seeds),
    )
    feats = [s.features for s in seeds if s.features is not None]
    # Features describe the seeds only when most of them have them.
    if not feats or 2 * len(feats) < len(seeds):
        return replace(base, n_seeds_with_features=len(feats))
    seed_matrix = np.stack(feats).astype(np.float64)
    if space is None:
        fit_rows = seed_matrix
        if reference_features is not None and len(reference_features):
            fit_rows = np.vstack([seed_matrix, np.asarray(reference_features, dtype=np.float64)])
        space = FeatureSpace.fit(fit_rows, dims)
    coords = space.project(seed_matrix)
    f_centroid = coords.mean(axis=0)
    if len(coords) >= 2:
        spread = np.maximum(coords.std(axis=0), SPREAD_FLOOR * space.component_std)
    else:
        spread = 0.5 * space.component_std
    return replace(
        base,
        has_features=True,
        space=space,
        feature_centroid=f_centroid,
        feature_spread=spread,
        feature_mean_z=space.standardize(seed_matrix).mean(axis=0),
        n_seeds_with_features=len(feats),
    )


def _blend_dict(old: dict[str, float], new: dict[str, float], keep: float) -> dict[str, float]:
    keys = set(old) | set(new)
    return {k: keep * old.get(k, 0.0) + (1 - keep) * new.get(k, 0.0) for k in keys}


def blend_profiles(old: TasteProfile, recent: TasteProfile, keep: float = 0.8) -> TasteProfile:
    """Decay toward recent listening: `keep` of the old profile, the rest from `recent`.

    `recent` must be built with `space=old.space` so both live on the same axes.
    """
    if not 0.0 <= keep <= 1.0:
        raise ValueError("keep must be between 0 and 1")
    semantic = _unit(
        keep * old.semantic_centroid.astype(np.float64)
        + (1 - keep) * recent.semantic_centroid.astype(np.float64)
    ).astype(np.float32)
    out = replace(
        old,
        semantic_centroid=semantic,
        genre_weights=_blend_dict(old.genre_weights, recent.genre_weights, keep),
        genre_token_weights=_blend_dict(old.genre_token_weights, recent.genre_token_weights, keep),
        known_artist_ids=old.known_artist_ids | recent.known_artist_ids,
        seed_track_ids=old.seed_track_ids | recent.seed_track_ids,
    )
    if old.has_features and recent.has_features and recent.space is old.space:
        assert old.feature_centroid is not None and recent.feature_centroid is not None
        assert old.feature_spread is not None and recent.feature_spread is not None
        assert old.feature_mean_z is not None and recent.feature_mean_z is not None
        out = replace(
            out,
            feature_centroid=keep * old.feature_centroid + (1 - keep) * recent.feature_centroid,
            feature_spread=keep * old.feature_spread + (1 - keep) * recent.feature_spread,
            feature_mean_z=keep * old.feature_mean_z + (1 - keep) * recent.feature_mean_z,
        )
    elif not old.has_features and recent.has_features:
        out = replace(
            out,
            has_features=True,
            space=recent.space,
            feature_centroid=recent.feature_centroid,
            feature_spread=recent.feature_spread,
            feature_mean_z=recent.feature_mean_z,
            n_seeds_with_features=recent.n_seeds_with_features,
        )
    return out


__all__ = ["FEATURE_NAMES", "FeatureSpace", "TasteProfile", "blend_profiles", "build_profile"]
