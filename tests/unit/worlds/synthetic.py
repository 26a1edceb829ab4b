"""Random catalogs with a realistic shape, for property tests and the benchmark (test data:
it lives in `tests/`, never in the app).

Genres belong to families; artists to a genre; albums to an artist. Audio features
and embeddings are drawn around genre and artist centres, so "close to the seeds"
means something and the engine's choices can be compared with random picks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.worlds.tracks import FEATURE_NAMES, Candidate

_FAMILIES = ("folk", "jazz", "electronic", "rock", "soul", "ambient", "hip hop", "classical")
_STYLES = ("indie", "chamber", "dream", "deep", "neo", "free", "lo-fi", "art", "spiritual", "modern")


@dataclass(frozen=True, slots=True)
class SyntheticCatalog:
    tracks: list[Candidate]
    families: dict[str, str]  # genre -> family

    def seeds(self, n: int, rng: np.random.Generator) -> list[Candidate]:
        """`n` seeds from one or two neighbouring genres (a coherent taste)."""
        family = self.families.get(self.tracks[int(rng.integers(len(self.tracks)))].primary_genre)
        near = [t for t in self.tracks if self.families.get(t.primary_genre) == family] or self.tracks
        pick = rng.choice(len(near), size=min(n, len(near)), replace=False)
        return [near[int(i)] for i in pick]


def _scale(features: np.ndarray) -> np.ndarray:
    """Map 0..1 draws to each feature's own units (tempo in BPM, loudness in dB)."""
    out = np.clip(features, 0.0, 1.0)
    out[..., FEATURE_NAMES.index("tempo")] = 60 + 120 * out[..., FEATURE_NAMES.index("tempo")]
    out[..., FEATURE_NAMES.index("loudness")] = -30 + 27 * out[..., FEATURE_NAMES.index("loudness")]
    return out


def make_catalog(
    n_tracks: int,
    *,
    seed: int = 0,
    dim: int = 64,
    n_genres: int = 40,
    tracks_per_artist: float = 6.0,
    feature_share: float = 1.0,
    genre_share: float = 1.0,
    id_prefix: str = "t",
) -> SyntheticCatalog:
    """A catalog of `n_tracks`; `feature_share`/`genre_share` of tracks have features/genres."""
    rng = np.random.default_rng(seed)
    n_genres = max(1, n_genres)
    fam_of: dict[str, str] = {}
    for i in range(n_genres):
        family = _FAMILIES[(i // len(_STYLES) + i) % len(_FAMILIES)]
        fam_of.setdefault(f"{_STYLES[i % len(_STYLES)]} {family}", family)
    genres = list(fam_of)
    fam_emb = {f: rng.normal(size=dim) for f in _FAMILIES}
    fam_feat = {f: rng.uniform(0.1, 0.9, size=len(FEATURE_NAMES)) for f in _FAMILIES}
    g_emb = {g: fam_emb[fam_of[g]] + 0.7 * rng.normal(size=dim) for g in genres}
    g_feat = {g: fam_feat[fam_of[g]] + rng.normal(0, 0.08, size=len(FEATURE_NAMES)) for g in genres}
    n_artists = max(1, int(round(n_tracks / tracks_per_artist)))
    artist_genre = [genres[int(rng.integers(len(genres)))] for _ in range(n_artists)]
    artist_emb = [g_emb[g] + 0.6 * rng.normal(size=dim) for g in artist_genre]
    artist_feat = [g_feat[g] + rng.normal(0, 0.06, size=len(FEATURE_NAMES)) for g in artist_genre]
    tracks: list[Candidate] = []
    for i in range(n_tracks):
        a = int(rng.integers(n_artists))
        g = artist_genre[a]
        second = genres[int(rng.integers(len(genres)))]
        emb = artist_emb[a] + 0.8 * rng.normal(size=dim)
        emb = (emb / np.linalg.norm(emb)).astype(np.float32)
        feats = _scale(artist_feat[a] + rng.normal(0, 0.07, size=len(FEATURE_NAMES)))
        tracks.append(
            Candidate(
                track_id=f"{id_prefix}{i}",
                artist_id=f"a{a}",
                album_id=f"al{a}-{int(rng.integers(3))}",
                embedding=emb,
                genres=(g, second) if rng.random() < genre_share else (),
                popularity=float(rng.integers(0, 101)),
                features=feats if rng.random() < feature_share else None,
                play_count=int(rng.choice([0, 0, 0, 1, 3, 30])),
                title=f"Song {i}",
                artist_name=f"Artist {a}",
                artist_names=(f"Artist {a}",),
                explicit=bool(rng.random() < 0.1),
                year=int(rng.integers(1960, 2026)),
            )
        )
    return SyntheticCatalog(tracks=tracks, families=fam_of)
