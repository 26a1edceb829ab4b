"""Themed playlists: the rules hold on any catalog, themes lean as asked, edits keep the rules."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.worlds.diversity import DiversityRules, enforce_diversity, rule_violations
from services.worlds.engine import build_world
from services.worlds.intent import read_answers
from services.worlds.questions import QUESTIONS
from services.worlds.tracks import FEATURE_INDEX, Blocklist
from tests.unit.worlds.catalogs import track
from tests.unit.worlds.synthetic import make_catalog

answers_st = st.fixed_dictionaries(
    {q.id: st.lists(st.sampled_from(q.options), max_size=3, unique=True) for q in QUESTIONS}
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
        "answers": answers_st,
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
    wb = build_world(seeds, cat.tracks, intent=read_answers(w["answers"], {}), blocklist=block, size=w["size"])
    return wb, block


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world_st)
def test_no_rule_is_broken_on_random_catalogs(w: dict) -> None:
    wb, block = _build(w)
    lists = wb.playlists.track_lists()
    assert len(lists) <= 5 and (len(lists) >= 1 or len(wb.pool) == 0)
    assert rule_violations(lists, DiversityRules(max_tracks=min(w["size"], 50)), block) == []
    assert all(t.track_id not in wb.profile.seed_track_ids for ts in lists for t in ts)
    # What the answers avoid never reaches a playlist (unless the page was told it was relaxed).
    relaxed = set(wb.filtered.relaxed) if wb.filtered else set()
    for rule in wb.intent.rules:
        if rule.kind == "genre" and rule.label not in relaxed and rule.genre is not None:
            assert not any(rule.genre.covers(g) for ts in lists for t in ts for g in t.genres)
    # The draft fills playlists as far as the pool allows: a shorter playlist has no legal track left.
    picked = {t.track_id for ts in lists for t in ts}
    for p, pl in enumerate(wb.playlists.playlists):
        if len(pl.tracks) < wb.playlists.size:
            theme = wb.playlists.themes[p]
            for c in wb.pool.candidates:
                r = wb.pool.index[c.track_id]
                if c.track_id in picked or not theme.eligible[r]:
                    continue
                trial = [*pl.candidates, c]
                assert rule_violations([trial], wb.playlists.rules) != [], (p, c.track_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world_st, st.data())
def test_remove_replace_and_regenerate_keep_every_rule(w: dict, data: st.DataObject) -> None:
    wb, block = _build(w)
    ps = wb.playlists
    if not ps.playlists:
        assert len(wb.pool) == 0  # only an empty catalog gives no playlist
        return
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


def test_each_playlist_is_one_family_inside_the_asked_band() -> None:
    cat, seeds, _ = _world(3000)
    wb = build_world(seeds, cat.tracks, intent=read_answers({"mood": ["calm"]}, {}))
    energy = FEATURE_INDEX["energy"]
    assert 3 <= len(wb.playlists.playlists) <= 5
    families = [pl.identity.family for pl in wb.playlists.playlists]
    for pl in wb.playlists.playlists:
        fams = {wb.signals.families[wb.pool.index[t]] for t in pl.track_ids}
        assert fams == {pl.identity.family}
        assert all(t.features[energy] <= 0.5 for t in pl.candidates)
    assert len(set(families)) == len(families) or any(pl.identity.slice_word for pl in wb.playlists.playlists)


def test_a_named_family_is_split_into_distinct_slices_before_others_come_in() -> None:
    cat, seeds, _ = _world(4000)
    wb = build_world(seeds, cat.tracks, intent=read_answers({}, {"sound": "jazz"}))
    idents = [pl.identity for pl in wb.playlists.playlists]
    jazz = [i for i in idents if i.family == "jazz"]
    assert len(jazz) >= 2 and len({(i.slice_word, i.genres) for i in jazz}) == len(jazz)
    assert idents[0].family == "jazz"


def test_too_few_tracks_in_the_band_widens_it_and_says_so() -> None:
    cat, seeds, _ = _world(400)
    wb = build_world(seeds, cat.tracks, intent=read_answers({"movement": ["still"], "setting": ["workout"]}, {}))
    assert wb.widen > 0 and any("widened" in n or "closest" in n for n in wb.notes)
    assert sum(len(p.tracks) for p in wb.playlists.playlists) > 0


def test_avoiding_every_family_relaxes_and_never_returns_an_empty_world() -> None:
    cat, seeds, _ = _world(1500)
    everything = "folk, jazz, electronic, rock, soul, ambient, hip hop, classical"
    wb = build_world(seeds, cat.tracks, intent=read_answers({"mood": ["calm"]}, {"avoid": everything}))
    assert wb.filtered is not None and wb.filtered.relaxed
    assert any("relaxed" in n for n in wb.notes)
    assert sum(len(p.tracks) for p in wb.playlists.playlists) > 0


def test_regenerate_brings_fresh_tracks_and_replace_keeps_the_position() -> None:
    cat, seeds, _ = _world(3000)
    wb = build_world(seeds, cat.tracks, size=20)
    ps = wb.playlists
    first = set(ps.playlists[1].track_ids)
    others = set(ps.playlists[0].track_ids) | set(ps.playlists[2].track_ids)
    ps.regenerate(1)
    second = set(ps.playlists[1].track_ids)
    assert second and not second & first and not second & others
    gone = ps.playlists[0].track_ids[3]
    new = ps.replace(0, gone)
    assert new is not None and ps.playlists[0].track_ids[3] == new.track_id
    ps.regenerate(0)
    assert gone not in ps.playlists[0].track_ids  # removed tracks never come back
