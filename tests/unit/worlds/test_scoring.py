"""Scoring: what ranks first, what never appears, and how each score explains itself."""

from __future__ import annotations

import numpy as np
import pytest

from services.worlds.profile import build_profile
from services.worlds.scoring import Weights, percentile, score_candidates
from services.worlds.tracks import Blocklist
from tests.unit.worlds.catalogs import feats, track


def _seeds():
    return [
        track(f"s{i}", artist=f"seed-artist-{i}", axis=0, features=feats(energy=0.3, acousticness=0.8))
        for i in range(4)
    ]


def test_a_track_close_in_sound_and_meaning_outranks_a_distant_one() -> None:
    profile = build_profile(_seeds())
    near = track("near", axis=0, features=feats(energy=0.31, acousticness=0.79))
    far = track("far", axis=5, features=feats(energy=0.95, acousticness=0.05, loudness=-3))
    middle = track("mid", axis=0, noise=0.5, features=feats(energy=0.7, acousticness=0.4))
    ranked = score_candidates(profile, [far, middle, near])
    assert [s.track_id for s in ranked] == ["near", "mid", "far"]


def test_blocklist_removes_seeds_saved_heavily_played_and_blocked_artists() -> None:
    seeds = _seeds()
    profile = build_profile(seeds)
    pool = [
        seeds[0],
        track("saved"),
        track("played", play_count=50),
        track("blocked-artist", artist="nope"),
        track("fine", play_count=2),
    ]
    block = Blocklist.of(saved=["saved"], blocked_artists=["nope"], heavy_play_count=20)
    assert [s.track_id for s in score_candidates(profile, pool, blocklist=block)] == ["fine"]


def test_breakdown_adds_up_to_the_score_with_the_given_weights() -> None:
    profile = build_profile(_seeds())
    pool = [track(f"c{i}", axis=i % 3, popularity=10 * i, features=feats(energy=0.1 * i)) for i in range(8)]
    w = Weights(semantic=2, feature=1, novelty=1, diversity=0)
    for s in score_candidates(profile, pool, w):
        b = s.breakdown()
        expected = 0.5 * b["semantic"] + 0.25 * b["feature"] + 0.25 * b["novelty"]
        assert b["total"] == pytest.approx(expected)
        assert all(0.0 <= b[k] <= 1.0 for k in ("semantic", "feature", "novelty", "diversity"))


def test_novelty_weight_lifts_new_artists_above_known_ones() -> None:
    seeds = _seeds()
    profile = build_profile(seeds)
    known = track("known", artist="seed-artist-1", axis=0, features=feats(energy=0.3, acousticness=0.8))
    new = track("new", artist="stranger", axis=0, noise=0.3, features=feats(energy=0.45, acousticness=0.6))
    default_top = score_candidates(profile, [known, new], Weights(1, 1, 0, 0))[0]
    novelty_top = score_candidates(profile, [known, new], Weights(0.1, 0.1, 1, 0))[0]
    assert default_top.track_id == "known" and novelty_top.track_id == "new"
    assert novelty_top.new_artist and not default_top.new_artist


def test_without_audio_features_genres_and_meaning_decide() -> None:
    seeds = [track(f"s{i}", axis=0, genres=("ambient", "drone")) for i in range(3)]
    profile = build_profile(seeds)
    same_genre = track("ambient-one", axis=2, genres=("ambient",))
    adjacent = track("dark-ambient", axis=2, genres=("dark ambient",))
    unrelated = track("metal", axis=2, genres=("death metal",))
    ranked = score_candidates(profile, [unrelated, adjacent, same_genre], Weights(0, 1, 0, 0))
    assert [s.track_id for s in ranked] == ["ambient-one", "dark-ambient", "metal"]
    assert not ranked[0].audio_match and ranked[0].matched_genre == "ambient"


def test_weights_must_be_usable() -> None:
    with pytest.raises(ValueError):
        Weights(0, 0, 0, 0)
    with pytest.raises(ValueError):
        Weights(semantic=-1)


def test_percentile_ranks_with_ties_sharing_a_rank() -> None:
    assert np.allclose(percentile(np.array([3.0, 1.0, 2.0])), [1.0, 0.0, 0.5])
    assert np.allclose(percentile(np.array([1.0, 1.0])), [0.5, 0.5])


def test_reissues_of_one_song_are_scored_once() -> None:
    profile = build_profile(_seeds())
    a = track("orig", artist="x")
    b = track("remaster", artist="x")  # same artist, same title below
    b = type(b)(**{**{f: getattr(b, f) for f in b.__slots__}, "title": a.title})
    assert [s.track_id for s in score_candidates(profile, [a, b])] == ["orig"]
