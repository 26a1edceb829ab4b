"""Themed playlists: the rules hold on any catalog, themes lean as asked, edits keep the rules."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.worlds.diversity import DiversityRules, enforce_diversity, rule_violations
from services.worlds.engine import build_world
from services.worlds.intersections import (
    DEFAULT_INTERSECTIONS,
    Intersection,
    bias_from_words,
    plan_intersections,
)
from tests.unit.worlds.synthetic import make_catalog
from services.worlds.tracks import FEATURE_INDEX, Blocklist
from tests.unit.worlds.catalogs import track

FEATURES = sorted(FEATURE_INDEX)

intersection_st = st.builds(
    lambda name, bias, lo, hi, feat: Intersection(
        name=name,
        bias=bias,
        feature_filter={feat: (lo, hi)} if lo is not None or hi is not None else {},
    ),
    name=st.text(min_size=1, max_size=12),
    bias=st.dictionaries(st.sampled_from(FEATURES), st.floats(-1, 1), max_size=3),
    lo=st.none() | st.floats(0, 0.6),
    hi=st.none() | st.floats(0.4, 1),
    feat=st.sampled_from(["valence", "energy", "acousticness", "danceability"]),
)

world_st = st.fixed_dictionaries(
    {
        "n": st.integers(0, 260),
        "seed": st.integers(0, 10_000),
        "per_artist": st.floats(1, 15),
        "n_genres": st.integers(1, 12),
        "feature_share": st.sampled_from([0.0, 0.6, 1.0]),
        "genre_share": st.sampled_from([0.0, 0.8, 1.0]),
        "n_seeds": st.integers(1, 10),
        "intersections": st.lists(intersection_st, max_size=7),
        "size": st.integers(1, 60),
        "blocked_artists": st.integers(0, 5),
    }
)


def _build(w: dict):
    cat = make_catalog(
        w["n"],
        seed=w["seed"],
        tracks_per_artist=w["per_artist"],
        n_genres=w["n_genres"],
        feature_share=w["feature_share"],
        genre_share=w["genre_share"],
    )
    seed_cat = make_catalog(20, seed=w["seed"] + 1, n_genres=w["n_genres"], feature_share=w["feature_share"], id_prefix="s")
    rng = np.random.default_rng(w["seed"])
    seeds = seed_cat.seeds(w["n_seeds"], rng) + cat.seeds(2, rng) if cat.tracks else seed_cat.seeds(w["n_seeds"], rng)
    block = Blocklist.of(
        saved=[t.track_id for t in cat.tracks[::7]],
        blocked_artists=[f"a{i}" for i in range(w["blocked_artists"])],
    )
    wb = build_world(seeds, cat.tracks, w["intersections"], blocklist=block, size=w["size"])
    return wb, block


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world_st)
def test_no_rule_is_broken_on_random_catalogs(w: dict) -> None:
    wb, block = _build(w)
    lists = wb.playlists.track_lists()
    assert 3 <= len(lists) <= 5
    assert rule_violations(lists, DiversityRules(max_tracks=min(w["size"], 50)), block) == []
    assert all(t.track_id not in wb.profile.seed_track_ids for ts in lists for t in ts)
    # The draft fills playlists as far as the pool allows: a shorter playlist has no legal track left.
    picked = {t.track_id for ts in lists for t in ts}
    for p, pl in enumerate(wb.playlists.playlists):
        if len(pl.tracks) < wb.playlists.size and not pl.intersection.feature_filter:
            state_tracks = pl.candidates
            for c in wb.pool.candidates:
                if c.track_id in picked:
                    continue
                trial = [*state_tracks, c]
                assert rule_violations([trial], wb.playlists.rules) != [], (p, c.track_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world_st, st.data())
def test_remove_replace_and_regenerate_keep_every_rule(w: dict, data: st.DataObject) -> None:
    wb, block = _build(w)
    ps = wb.playlists
    for _ in range(data.draw(st.integers(1, 6))):
        p = data.draw(st.integers(0, len(ps.playlists) - 1))
        ids = ps.playlists[p].track_ids
        action = data.draw(st.sampled_from(["remove", "replace", "regenerate"]))
        if action == "regenerate":
            ps.regenerate(p)
        elif ids:
            tid = data.draw(st.sampled_from(ids))
            before = len(ids)
            if action == "remove":
                ps.remove(p, tid)
                assert len(ps.playlists[p].tracks) == before - 1
            else:
                new = ps.replace(p, tid)
                assert len(ps.playlists[p].tracks) == before - (new is None)
            assert all(tid not in pl.track_ids for pl in ps.playlists)
        assert rule_violations(ps.track_lists(), ps.rules, block) == []


def test_at_most_one_per_artist_and_album_and_eight_per_genre() -> None:
    ranked = (
        [track(f"a{i}", artist="same") for i in range(3)]
        + [track(f"b{i}", album="same-album") for i in range(3)]
        + [track(f"g{i}", genres=("jazz",)) for i in range(12)]
    )
    kept = enforce_diversity(ranked)
    assert [t.track_id for t in kept][:2] == ["a0", "b0"]
    assert len(kept) == 2 + 8 - 0 and sum(t.primary_genre == "jazz" for t in kept) == 8


def test_featured_artists_count_for_the_one_per_artist_rule() -> None:
    a = track("solo", artist="x")
    b = track("feat", artist="y")
    b = type(b)(**{**{f: getattr(b, f) for f in b.__slots__}, "featured_artist_ids": ("x",)})
    assert [t.track_id for t in enforce_diversity([a, b])] == ["solo"]
    assert rule_violations([[a, b]]) == ["playlist 0: artist x x2"]


def _world(n: int = 1500, **kw):
    cat = make_catalog(n, seed=11)
    seeds = cat.seeds(6, np.random.default_rng(5))
    return cat, seeds, kw


def test_themes_lean_the_way_their_words_say() -> None:
    cat, seeds, _ = _world()
    dark = Intersection("Ruined Cathedral", bias=bias_from_words("darker, slower, calmer"))
    bright = Intersection("Late Summer", bias=bias_from_words("brighter, upbeat, danceable"))
    wb = build_world(seeds, cat.tracks, [dark, bright, Intersection("Core")])
    val = FEATURE_INDEX["valence"]
    mean_val = [np.mean([t.features[val] for t in pl.candidates]) for pl in wb.playlists.playlists]
    assert mean_val[0] < mean_val[1] - 0.03
    assert all(len(pl.tracks) == 50 for pl in wb.playlists.playlists)


def test_feature_filter_is_respected_and_relaxed_only_when_it_starves_the_playlist() -> None:
    cat, seeds, _ = _world()
    strict = Intersection("Quiet", feature_filter={"energy": (None, 0.6)})
    starving = Intersection("Impossible", feature_filter={"valence": (1.5, None)})
    wb = build_world(seeds, cat.tracks, [strict, starving, Intersection("Core")])
    quiet, impossible, _ = wb.playlists.playlists
    assert not quiet.filter_relaxed and all(t.features[FEATURE_INDEX["energy"]] <= 0.6 for t in quiet.candidates)
    assert impossible.filter_relaxed and len(impossible.tracks) == 50


def test_three_to_five_playlists_whatever_the_composer_gave() -> None:
    assert [i.name for i in plan_intersections([])] == [i.name for i in DEFAULT_INTERSECTIONS[:3]]
    many = [Intersection(f"T{i}") for i in range(8)]
    assert [i.name for i in plan_intersections(many)] == ["T0", "T1", "T2", "T3", "T4"]
    # Same name twice is one theme.
    assert len(plan_intersections([Intersection("A"), Intersection("a"), Intersection("B")])) == 3


def test_composer_definitions_become_biases_and_filters() -> None:
    it = Intersection.from_definition(
        {"name": "Ruined Cathedral", "bias": "darker, more textural, slower", "filter": {"valence_max": 0.4, "energy": {"max": 0.5}}}
    )
    assert it.bias["valence"] < 0 and it.bias["tempo"] < 0 and it.bias["instrumentalness"] > 0
    assert it.feature_filter == {"valence": (None, 0.4), "energy": (None, 0.5)}
    assert bias_from_words("less electronic")["acousticness"] > 0


def test_regenerate_brings_fresh_tracks_and_replace_keeps_the_position() -> None:
    cat, seeds, _ = _world()
    wb = build_world(seeds, cat.tracks, [Intersection("A"), Intersection("B"), Intersection("C")], size=20)
    ps = wb.playlists
    first = set(ps.playlists[1].track_ids)
    others = set(ps.playlists[0].track_ids) | set(ps.playlists[2].track_ids)
    ps.regenerate(1)
    second = set(ps.playlists[1].track_ids)
    assert len(second) == 20 and not second & first and not second & others
    gone = ps.playlists[0].track_ids[3]
    new = ps.replace(0, gone)
    assert new is not None and ps.playlists[0].track_ids[3] == new.track_id
    ps.regenerate(0)
    assert gone not in ps.playlists[0].track_ids  # removed tracks never come back
