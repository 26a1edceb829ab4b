"""The taste profile: where the seeds sit, with and without audio features."""

from __future__ import annotations

import numpy as np
import pytest

from services.worlds.profile import PCA_DIMS, blend_profiles, build_profile
from tests.unit.worlds.synthetic import make_catalog
from tests.unit.worlds.catalogs import feats, track


def test_profile_reduces_features_to_eight_dimensions_and_centres_on_the_seeds() -> None:
    cat = make_catalog(400, seed=3)
    seeds = cat.seeds(6, np.random.default_rng(0))
    reference = np.stack([t.features for t in cat.tracks if t.features is not None])
    profile = build_profile(seeds, reference_features=reference)
    assert profile.has_features and profile.space is not None
    assert profile.space.dims == PCA_DIMS
    assert profile.feature_centroid is not None and profile.feature_centroid.shape == (PCA_DIMS,)
    # The centroid is the mean of the seeds' coordinates, not of the catalog's.
    coords = profile.space.project(np.stack([s.features for s in seeds]))
    assert np.allclose(profile.feature_centroid, coords.mean(axis=0))
    assert not np.allclose(profile.feature_centroid, 0.0, atol=0.2)
    assert np.all(profile.feature_spread > 0)
    assert abs(float(np.linalg.norm(profile.semantic_centroid)) - 1.0) < 1e-5


def test_profile_without_features_says_so_and_still_has_meaning_and_genres() -> None:
    seeds = [track("s1", genres=("dream pop",)), track("s2", genres=("dream pop", "shoegaze"))]
    profile = build_profile(seeds)
    assert profile.has_features is False and profile.space is None
    assert profile.genre_weights["dream pop"] == 1.0 and profile.genre_weights["shoegaze"] == 0.5
    assert "no audio features" in profile.describe()


def test_features_count_only_when_most_seeds_have_them() -> None:
    seeds = [track("s1", features=feats()), track("s2"), track("s3")]
    assert build_profile(seeds).has_features is False
    seeds.append(track("s4", features=feats(energy=0.9)))
    assert build_profile(seeds).has_features is True


def test_no_seeds_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one seed"):
        build_profile([])


def test_world_description_pulls_the_semantic_centroid() -> None:
    seeds = [track("s1", axis=0), track("s2", axis=0)]
    world = track("w", axis=1, noise=0).embedding
    plain = build_profile(seeds)
    leaning = build_profile(seeds, world_embedding=world, world_weight=0.3)
    assert float(leaning.semantic_centroid @ world) > float(plain.semantic_centroid @ world) + 0.1


def test_blend_moves_a_fifth_of_the_way_toward_recent_listening() -> None:
    old_seeds = [track(f"o{i}", features=feats(valence=0.2 + 0.01 * i), axis=0) for i in range(5)]
    recent = [track(f"r{i}", features=feats(valence=0.9 - 0.01 * i), axis=3) for i in range(5)]
    reference = np.stack([t.features for t in old_seeds + recent])
    old = build_profile(old_seeds, reference_features=reference)
    new = build_profile(recent, space=old.space)
    blended = blend_profiles(old, new, keep=0.8)
    assert blended.feature_centroid is not None and old.feature_centroid is not None
    assert np.allclose(blended.feature_centroid, 0.8 * old.feature_centroid + 0.2 * new.feature_centroid)
    # Still mostly the old taste in meaning too.
    old_axis, new_axis = np.eye(16)[0], np.eye(16)[3]
    assert float(blended.semantic_centroid @ old_axis) > float(blended.semantic_centroid @ new_axis) > 0.1
    assert {"r0", "o0"} <= blended.seed_track_ids
