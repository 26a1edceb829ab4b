"""From the catalog's tracks and the Composer's world to a built world."""

from __future__ import annotations

import numpy as np

from services.catalog.types import AudioFeatures, Track
from services.worlds.adapters import candidates_from_tracks
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
        Track(id="t1", name="Dust", artist_ids=("ar1", "ar9"), artist_names=("Ana", "Guest"), album_id="al1", genres=("indie folk",), popularity=41,
              explicit=True, tags=("dusty",)),
        Track(id="t2", name="Bloom", artist_names=("Bo",), genres=()),
    ]
    emb = np.stack([direction(0), direction(1)])
    cands = candidates_from_tracks(tracks, emb, features={"t1": _features(0.3)}, play_counts={"t2": 4})
    first, second = cands
    assert first.artist_ids == ("ar1", "ar9") and first.album_id == "al1" and first.primary_genre == "indie folk"
    assert first.features is not None and first.popularity == 41
    assert second.features is None and second.play_count == 4 and second.artist_id == "name:bo"
    assert second.album_id == "single:t2"  # a track without an album still has a unique one
    assert first.explicit and first.tags == ("dusty",) and first.artist_names == ("Ana", "Guest")


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
    wb = build_world(cands[:5], cands)
    assert not wb.profile.has_features and wb.violations() == []
    # Three families (folk, jazz, electronic), one playlist each: one genre each, so eight tracks (the cap).
    families = sorted(p.identity.family for p in wb.playlists.playlists)
    assert families == ["electronic", "folk", "jazz"]
    for pl in wb.playlists.playlists:
        assert len(pl.tracks) == 8 and {c.genres[0] for c in pl.candidates} == {pl.candidates[0].genres[0]}
    # Energy and mood come from each genre's typical sound when the source has no audio features.
    assert "energy" in wb.report.estimated and "tempo" in wb.report.missing
