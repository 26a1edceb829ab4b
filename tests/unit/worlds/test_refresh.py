"""The weekly refresh: 30% of each playlist stays, the rest is new, and the report says what changed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from services.worlds.diversity import rule_violations
from services.worlds.engine import build_world
from services.worlds.intersections import Intersection
from services.worlds.refresh import kept_count, refresh_profile, refresh_world
from tests.unit.worlds.synthetic import make_catalog
from services.worlds.tracks import Blocklist

THEMES = [
    Intersection("Low Light", bias={"valence": -0.5}),
    Intersection("Open Windows", bias={"valence": 0.5}),
    Intersection("Core"),
]


def _built():
    cat = make_catalog(2000, seed=21)
    rng = np.random.default_rng(1)
    seeds = cat.seeds(6, rng)
    wb = build_world(seeds, cat.tracks, THEMES)
    previous = {pl.name: pl.track_ids for pl in wb.playlists.playlists}
    recent = cat.seeds(8, np.random.default_rng(99))
    return cat, wb, previous, recent


def test_refresh_keeps_thirty_percent_and_adds_only_tracks_new_to_the_world() -> None:
    cat, wb, previous, recent = _built()
    result = refresh_world(wb.profile, recent, cat.tracks, THEMES, previous)
    old_world = {t for ids in previous.values() for t in ids}
    for change, pl in zip(result.changes, result.playlists.playlists, strict=True):
        assert len(previous[change.name]) == 50
        assert len(change.kept) == kept_count(50) == 15
        assert len(pl.tracks) == 50 and len(change.added) == 35
        assert not set(change.added) & old_world
        assert set(change.removed) == set(previous[change.name]) - set(change.kept)
    assert result.added == 105 and result.removed == 105
    assert "105 tracks added, 105 removed" in result.summary()
    assert rule_violations(result.playlists.track_lists()) == []


def test_kept_tracks_are_the_ones_that_still_fit_best() -> None:
    cat, wb, previous, recent = _built()
    result = refresh_world(wb.profile, recent, cat.tracks, THEMES, previous)
    ps = result.playlists
    for p, change in enumerate(result.changes):
        fit = ps.themes[p].fit
        kept = [fit[ps.row_of(t)] for t in change.kept]
        dropped = [fit[r] for t in change.removed if (r := ps.row_of(t)) is not None]
        assert min(kept) >= max(dropped)


def test_tracks_played_heavily_since_are_dropped_even_if_they_fit() -> None:
    cat, wb, previous, recent = _built()
    first = previous["Core"][0]
    tracks = [replace(t, play_count=99) if t.track_id == first else t for t in cat.tracks]
    result = refresh_world(wb.profile, recent, tracks, THEMES, previous, blocklist=Blocklist(heavy_play_count=20))
    core = next(c for c in result.changes if c.name == "Core")
    assert first in core.removed and first not in core.kept


def test_decay_leans_a_fifth_toward_recent_listening() -> None:
    cat, wb, _, recent = _built()
    leaned = refresh_profile(wb.profile, recent, decay=0.8)
    recent_centroid = refresh_profile(wb.profile, recent, decay=0.0).feature_centroid
    assert np.allclose(leaned.feature_centroid, 0.8 * wb.profile.feature_centroid + 0.2 * recent_centroid)
    assert refresh_profile(wb.profile, [], decay=0.8) is wb.profile


def test_a_new_playlist_theme_is_all_new_and_a_missing_one_keeps_nothing() -> None:
    cat, wb, previous, recent = _built()
    themes = [*THEMES[:2], Intersection("Brand New")]
    result = refresh_world(wb.profile, recent, cat.tracks, themes, previous)
    new = next(c for c in result.changes if c.name == "Brand New")
    assert new.kept == [] and new.removed == [] and len(new.added) == 50
