"""Saved worlds as a person meets them: save, grid, open, rename, delete, refresh plan and history."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

import services.worlds.models  # noqa: F401  (tables, also registered in services.models)
from services import accounts
from services.db import utcnow
from services.worlds import repo
from services.worlds.engine import build_world
from services.worlds.intersections import Intersection, intersection_from_dict
from services.worlds.profile import TasteProfile
from services.worlds.refresh import refresh_world
from services.worlds.scoring import Weights
from tests.unit.worlds.synthetic import make_catalog

pytestmark = pytest.mark.usefixtures("db")

THEMES = [Intersection("Low Light", bias={"valence": -0.5}, description="darker"), Intersection("Open Windows"), Intersection("Core")]


def _user(email: str = "ana@example.com") -> int:
    user, _ = accounts.sign_up(email, "correct horse 42", "Ana")
    assert user.id is not None
    return user.id


def _built(seed: int = 4):
    cat = make_catalog(600, seed=seed, dim=16)
    seeds = cat.seeds(5, np.random.default_rng(seed))
    return cat, build_world(seeds, cat.tracks, THEMES, size=20)


def _draft(wb, name: str = "Velvet Dirt Cathedral") -> repo.WorldDraft:
    return repo.WorldDraft(
        name=name,
        description="warm, dusty, reverberant",
        definition={"world_name": name, "keywords": ["dusty"]},
        palette=["#3d2c2e", "#a4785a"],
        profile=wb.profile.to_dict(),
        weights=repo.weights_dict(Weights()),
        playlists=repo.playlist_entries(wb.playlists),
    )


def test_saved_world_opens_with_the_same_playlists_reasons_and_profile() -> None:
    uid = _user()
    _, wb = _built()
    wid = repo.save_world(uid, _draft(wb))
    view = repo.load_world(uid, wid)
    assert view is not None and view.name == "Velvet Dirt Cathedral"
    assert [p.name for p in view.playlists] == ["Low Light", "Open Windows", "Core"]
    assert [p.track_ids for p in view.playlists] == [pl.track_ids for pl in wb.playlists.playlists]
    first = view.playlists[0].tracks[0]
    assert first.why and set(first.breakdown) >= {"semantic", "feature", "novelty", "diversity", "total"}
    # The stored profile and themes come back usable for a refresh.
    profile = TasteProfile.from_dict(view.profile)
    assert profile.has_features and np.allclose(profile.feature_centroid, wb.profile.feature_centroid)
    assert intersection_from_dict(view.playlists[0].intersection).bias == {"valence": -0.5}
    assert view.next_refresh_at is not None and view.next_refresh_at - utcnow() > timedelta(days=6)


def test_grid_lists_only_my_worlds_and_others_cannot_touch_them() -> None:
    me, other = _user(), _user("bo@example.com")
    _, wb = _built()
    wid = repo.save_world(me, _draft(wb))
    repo.save_world(me, _draft(wb, "Second World"))
    grid = repo.list_worlds(me)
    assert [w.name for w in grid] == ["Second World", "Velvet Dirt Cathedral"]
    assert grid[1].playlist_names == ["Low Light", "Open Windows", "Core"] and grid[1].track_count == 60
    assert repo.list_worlds(other) == []
    assert repo.load_world(other, wid) is None
    assert repo.rename_world(other, wid, "Mine now") is False
    assert repo.delete_world(other, wid) is False
    assert repo.load_world(me, wid) is not None


def test_rename_and_delete() -> None:
    uid = _user()
    _, wb = _built()
    wid = repo.save_world(uid, _draft(wb))
    assert repo.rename_world(uid, wid, "  Ruined   Cathedral ")
    assert repo.load_world(uid, wid).name == "Ruined Cathedral"
    with pytest.raises(repo.WorldError):
        repo.rename_world(uid, wid, "   ")
    with pytest.raises(repo.WorldError):
        repo.rename_world(uid, wid, "x" * 81)
    assert repo.delete_world(uid, wid)
    assert repo.load_world(uid, wid) is None and repo.list_worlds(uid) == []


def test_saving_edits_keeps_the_exported_playlist_ids() -> None:
    uid = _user()
    _, wb = _built()
    wid = repo.save_world(uid, _draft(wb))
    assert repo.set_external_id(uid, wid, "Core", "spotify-pl-1")
    ps = wb.playlists
    ps.replace(2, ps.playlists[2].track_ids[0])
    assert repo.replace_playlists(uid, wid, repo.playlist_entries(ps))
    view = repo.load_world(uid, wid)
    core = next(p for p in view.playlists if p.name == "Core")
    assert core.external_id == "spotify-pl-1" and core.track_ids == ps.playlists[2].track_ids


def test_refresh_is_due_by_cadence_and_recorded_with_what_changed() -> None:
    uid = _user()
    cat, wb = _built()
    wid = repo.save_world(uid, _draft(wb))
    assert repo.due_worlds() == []
    assert (uid, wid) in repo.due_worlds(utcnow() + timedelta(days=8))
    view = repo.load_world(uid, wid)
    result = refresh_world(
        TasteProfile.from_dict(view.profile),
        cat.tracks[:20],
        cat.tracks,
        [intersection_from_dict(p.intersection) for p in view.playlists],
        {p.name: p.track_ids for p in view.playlists},
        size=20,
    )
    assert repo.record_refresh(uid, wid, result)
    history = repo.refresh_history(uid, wid)
    assert len(history) == 1 and history[0].ok and history[0].added == result.added > 0
    assert {d["name"] for d in history[0].details} == {"Low Light", "Open Windows", "Core"}
    assert all(len(d["kept"]) == 6 for d in history[0].details)  # 30% of 20
    assert repo.due_worlds(utcnow() + timedelta(days=6)) == []
    assert repo.set_cadence(uid, wid, "off")
    assert repo.due_worlds(utcnow() + timedelta(days=60)) == []
    with pytest.raises(repo.WorldError):
        repo.set_cadence(uid, wid, "hourly")
    assert repo.record_refresh_failure(uid, wid, "Spotify said 503")
    assert [h.ok for h in repo.refresh_history(uid, wid)] == [False, True]
