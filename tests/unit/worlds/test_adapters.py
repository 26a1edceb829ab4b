"""From the catalog's tracks and the Composer's world to a built world."""

from __future__ import annotations

import numpy as np
import pytest

from services.ai.schemas import FeatureFilter, IntersectionBias
from services.ai.schemas import Intersection as ComposerIntersection
from services.catalog.types import AudioFeatures, Track
from services.worlds.adapters import candidates_from_tracks, intersection_from_composer, intersections_from_world
from services.worlds.engine import build_world
from services.worlds.profile import build_profile
from services.worlds.scoring import score_candidates
from tests.unit.worlds.catalogs import direction, track


def _features(valence: float) -> AudioFeatures:
    return AudioFeatures(
        danceability=0.5, energy=0.4, valence=valence, acousticness=0.7, instrumentalness=0.2,
        speechiness=0.04, liveness=0.1, tempo=96.0, key=2, mode=1, loudness=-11.0,
    )


def test_catalog_tracks_become_candidates_with_features_where_known() -> None:
    tracks = [
        Track(id="t1", name="Dust", artist_ids=("ar1", "ar9"), artist_names=("Ana", "Guest"), album_id="al1", genres=("indie folk",), popularity=41),
        Track(id="t2", name="Bloom", artist_names=("Bo",), genres=()),
    ]
    emb = np.stack([direction(0), direction(1)])
    cands = candidates_from_tracks(tracks, emb, features={"t1": _features(0.3)}, play_counts={"t2": 4})
    first, second = cands
    assert first.artist_ids == ("ar1", "ar9") and first.album_id == "al1" and first.primary_genre == "indie folk"
    assert first.features is not None and first.popularity == 41
    assert second.features is None and second.play_count == 4 and second.artist_id == "name:bo"
    assert second.album_id == "single:t2"  # a track without an album still has a unique one


def test_composer_intersections_keep_their_lean_and_filter() -> None:
    item = ComposerIntersection(
        name="Ruins Dusk",
        description="Darker, more textural, slower.",
        bias=IntersectionBias(valence=-0.2, energy=-0.1, acousticness=0.0, tempo=-0.3),
        filter=FeatureFilter(
            valence_min=0.1, valence_max=0.5, energy_min=0.0, energy_max=0.6,
            acousticness_min=0.3, acousticness_max=1.0, tempo_min=60, tempo_max=110,
        ),
    )
    it = intersection_from_composer(item)
    assert it.name == "Ruins Dusk" and it.bias["valence"] < -0.5 and it.bias["tempo"] == pytest.approx(-0.9)
    assert it.feature_filter["valence"] == (0.1, 0.5) and it.feature_filter["tempo"] == (60.0, 110.0)

    class World:
        intersections = [item, item.model_copy(update={"name": "Late Drift"}), item.model_copy(update={"name": "Nave"})]

    seen: list[list[str]] = []

    def embed(texts):
        seen.append(list(texts))
        return np.stack([direction(i) for i in range(len(texts))])

    its = intersections_from_world(World(), embed)
    assert [i.name for i in its] == ["Ruins Dusk", "Late Drift", "Nave"]
    assert seen[0][0] == "Ruins Dusk. Darker, more textural, slower." and its[2].embedding is not None


def test_what_the_person_asked_to_avoid_sinks_in_the_ranking() -> None:
    seeds = [track(f"s{i}", axis=0, noise=0) for i in range(3)]
    polished = track("polished", axis=0, noise=0.6)
    rough = track("rough", axis=0, noise=0.6)
    # "polished" leans toward axis 7 (what to avoid), "rough" away from it.
    polished = type(polished)(**{**{f: getattr(polished, f) for f in polished.__slots__}, "embedding": (direction(0) + direction(7)) / np.sqrt(2)})
    rough = type(rough)(**{**{f: getattr(rough, f) for f in rough.__slots__}, "embedding": (direction(0) + direction(8)) / np.sqrt(2)})
    avoid = direction(7)
    plain = build_profile(seeds)
    steered = build_profile(seeds, avoid_embedding=avoid)
    sem = {s.track_id: s.semantic for s in score_candidates(steered, [polished, rough])}
    assert sem["rough"] > sem["polished"]
    flat = {s.track_id: s.semantic for s in score_candidates(plain, [polished, rough])}
    assert flat["rough"] == flat["polished"]


def test_a_world_builds_from_catalog_tracks_without_features() -> None:
    tracks = [
        Track(id=f"t{i}", name=f"Song {i}", artist_ids=(f"ar{i % 40}",), artist_names=(f"A{i % 40}",), album_id=f"al{i % 60}", genres=(["folk", "jazz", "ambient"][i % 3],), popularity=i % 100)
        for i in range(300)
    ]
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(300, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    cands = candidates_from_tracks(tracks, emb)
    wb = build_world(cands[:5], cands, [])
    assert not wb.profile.has_features and wb.violations() == []
    # 40 artists shared by three playlists, one track each per playlist at most.
    sizes = [len(p.tracks) for p in wb.playlists.playlists]
    assert len(sizes) == 3 and all(n >= 10 for n in sizes) and sum(sizes) <= 3 * 40
