"""A refresh: 30% of each playlist stays, at least half of it is new, every playlist keeps its
identity, and the diff says what changed."""

from __future__ import annotations

import pytest

from dataclasses import replace

import numpy as np

from services.worlds.diversity import rule_violations
from services.worlds.engine import build_world
from services.worlds.identity import Identity
from services.worlds.intent import read_answers
from services.worlds.refresh import kept_count, refresh_profile, refresh_world
from services.worlds.tracks import Blocklist
from tests.unit.worlds.synthetic import make_catalog

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

INTENT = read_answers({"mood": ["calm"]}, {"avoid": "hip hop"})


def _built():
    cat = make_catalog(4000, seed=21)
    rng = np.random.default_rng(1)
    seeds = cat.seeds(6, rng)
    wb = build_world(seeds, cat.tracks, intent=INTENT, size=20)
    previous = [pl.track_ids for pl in wb.playlists.playlists]
    identities = [pl.identity for pl in wb.playlists.playlists]
    recent = cat.seeds(8, np.random.default_rng(99))
    return cat, wb, previous, identities, recent


def test_refresh_keeps_thirty_percent_and_at_least_half_is_new() -> None:
    cat, wb, previous, identities, recent = _built()
    result = refresh_world(wb.profile, recent, cat.tracks, identities, previous, intent=INTENT, size=20)
    old_world = {t for ids in previous for t in ids}
    for p, (change, pl) in enumerate(zip(result.changes, result.playlists.playlists, strict=True)):
        assert len(change.kept) == kept_count(len(previous[p]))
        assert change.continuity >= 0.3 - 1e-9 and change.new_share >= 0.5
        assert not set(change.added) & old_world
        assert set(change.removed) == set(previous[p]) - set(change.kept)
        assert pl.identity.family == identities[p].family  # same place after a refresh
    assert result.continuity >= 0.29 and "continuity" in result.summary()
    assert rule_violations(result.playlists.track_lists()) == []
    # The rules of the answers still hold after a refresh.
    assert not any("hip hop" in g for ts in result.playlists.track_lists() for t in ts for g in t.genres)


def test_kept_tracks_are_the_ones_that_still_fit_best() -> None:
    cat, wb, previous, identities, recent = _built()
    result = refresh_world(wb.profile, recent, cat.tracks, identities, previous, intent=INTENT, size=20)
    ps = result.playlists
    for p, change in enumerate(result.changes):
        fit = ps.themes[p].fit
        kept = [fit[ps.row_of(t)] for t in change.kept]
        dropped = [fit[r] for t in change.removed if (r := ps.row_of(t)) is not None and ps.themes[p].eligible[r]]
        assert not dropped or min(kept) >= max(dropped)


def test_tracks_played_heavily_since_are_dropped_even_if_they_fit() -> None:
    cat, wb, previous, identities, recent = _built()
    first = previous[0][0]
    tracks = [replace(t, play_count=99) if t.track_id == first else t for t in cat.tracks]
    result = refresh_world(wb.profile, recent, tracks, identities, previous, intent=INTENT,
                           blocklist=Blocklist(heavy_play_count=20), size=20)
    assert first in result.changes[0].removed and first not in result.changes[0].kept


def test_decay_leans_a_fifth_toward_recent_listening() -> None:
    cat, wb, _, _, recent = _built()
    leaned = refresh_profile(wb.profile, recent, decay=0.8)
    recent_centroid = refresh_profile(wb.profile, recent, decay=0.0).feature_centroid
    assert np.allclose(leaned.feature_centroid, 0.8 * wb.profile.feature_centroid + 0.2 * recent_centroid)
    assert refresh_profile(wb.profile, [], decay=0.8) is wb.profile


def test_a_new_playlist_is_all_new_and_a_missing_one_keeps_nothing() -> None:
    cat, wb, previous, identities, recent = _built()
    fresh = Identity(family="classical", name="Brand New")
    result = refresh_world(wb.profile, recent, cat.tracks, [*identities[:2], fresh], previous[:2], intent=INTENT,
                           size=20)
    new = result.changes[2]
    assert new.kept == [] and new.removed == [] and len(new.added) > 0
