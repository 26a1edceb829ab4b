"""Small hand-made tracks for the worlds tests."""

from __future__ import annotations

import zlib

import numpy as np

from services.worlds.tracks import FEATURE_NAMES, Candidate

DIM = 16

BASE_FEATURES = {
    "acousticness": 0.5,
    "danceability": 0.5,
    "energy": 0.5,
    "instrumentalness": 0.3,
    "liveness": 0.15,
    "loudness": -10.0,
    "speechiness": 0.05,
    "tempo": 110.0,
    "valence": 0.5,
}


def direction(k: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """A unit vector near basis axis k (embeddings that are close or far on purpose)."""
    v = np.zeros(DIM)
    v[k % DIM] = 1.0
    if noise:
        v = v + noise * np.random.default_rng(seed).normal(size=DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def feats(**over: float) -> np.ndarray:
    values = {**BASE_FEATURES, **over}
    return np.array([values[n] for n in FEATURE_NAMES], dtype=np.float64)


def track(
    tid: str,
    *,
    artist: str | None = None,
    album: str | None = None,
    axis: int = 0,
    noise: float = 0.05,
    genres: tuple[str, ...] = ("indie folk",),
    popularity: float = 50,
    features: np.ndarray | None = None,
    play_count: int = 0,
) -> Candidate:
    artist = artist or f"art-{tid}"
    return Candidate(
        track_id=tid,
        artist_id=artist,
        album_id=album or f"alb-{tid}",
        embedding=direction(axis, noise, seed=zlib.crc32(tid.encode())),
        genres=genres,
        popularity=popularity,
        features=features,
        play_count=play_count,
        title=f"Song {tid}",
    )
