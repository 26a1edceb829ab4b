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
from services.worlds.entries import WorldDraft, playlist_entries, weights_dict
from services.worlds.identity import Identity
from services.worlds.intent import read_answers
from services.worlds.profile import TasteProfile
from services.worlds.refresh import kept_count, refresh_world
from services.worlds.scoring import Weights
from tests.unit.worlds.synthetic import make_catalog

pytestmark = pytest.mark.usefixtures("db")

INTENT = read_answers({"mood": ["calm"]}, {})


def _user(email: str = "ana@example.com") -> int:
    user, _ = accounts.sign_up(email, "correct horse 42", "Ana")
    assert user.id is not None
    return user.id


def _built(seed: int = 4):
    cat = make_catalog(3000, seed=seed, dim=16)
    seeds = cat.seeds(5, np.random.default_rng(seed))
    wb = build_world(seeds, cat.tracks, intent=INTENT, size=20)
    wb.playlists.rename([("Low Light", "darker"), ("Open Windows", ""), ("Core", "")])
    return cat, wb


def _names(wb) -> list[str]:
    return [pl.name for pl in wb.playlists.playlists]


def _draft(wb, name: str = "Velvet Dirt Cathedral", cadence: str = "weekly") -> WorldDraft:
    return WorldDraft(
        name=name,
        description="warm, dusty, reverberant",
        definition={"world_name": name},
        palette=["#3d2c2e", "#a4785a"],
        profile={**wb.profile.to_dict(), "intent": wb.intent.to_dict()},
        weights=weights_dict(Weights()),
        playlists=playlist_entries(wb),
        cadence=cadence,
    )


def test_saved_world_opens_with_the_same_playlists_reasons_and_profile() -> None:
    uid = _user()
    _, wb = _built()
    wid = repo.save_world(uid, _draft(wb))
    view = repo.load_world(uid, wid)
    assert view is not None and view.name == "Velvet Dirt Cathedral"
    assert [p.name for p in view.playlists] == _names(wb)
    assert [p.track_ids for p in view.playlists] == [pl.track_ids for pl in wb.playlists.playlists]
    first = view.playlists[0].tracks[0]
    assert first.why and set(first.breakdown) >= {"semantic", "feature", "novelty", "diversity", "total"}
    # The stored profile and identities come back usable for a refresh.
    profile = TasteProfile.from_dict(view.profile)
    assert profile.has_features and np.allclose(profile.feature_centroid, wb.profile.feature_centroid)
    ident = Identity.from_dict(view.playlists[0].intersection)
    assert ident.family == wb.playlists.playlists[0].identity.family and ident.bands["energy"] == (0.0, 0.5)
    assert 0.9 <= view.playlists[0].coherence <= 1.0
    assert view.next_refresh_at is not None and view.next_refresh_at - utcnow() > timedelta(days=6)


def test_grid_lists_only_my_worlds_and_others_cannot_touch_them() -> None:
    me, other = _user(), _user("bo@example.com")
    _, wb = _built()
    wid = repo.save_world(me, _draft(wb))
    repo.save_world(me, _draft(wb, "Second World"))
    grid = repo.list_worlds(me)
    assert [w.name for w in grid] == ["Second World", "Velvet Dirt Cathedral"]
    assert grid[1].playlist_names == _names(wb) and grid[1].track_count == sum(len(p.tracks) for p in wb.playlists.playlists)
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
    assert repo.replace_playlists(uid, wid, playlist_entries(wb))
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
        [Identity.from_dict(p.intersection) for p in view.playlists],
        [p.track_ids for p in view.playlists],
        intent=INTENT,
        size=20,
    )
    details = [{"name": c.name, "kept": c.kept, "added": c.added, "removed": c.removed} for c in result.changes]
    assert repo.record_refresh(uid, wid, None, playlist_entries(result.build), details, result.added, result.removed)
    history = repo.refresh_history(uid, wid)
    assert len(history) == 1 and history[0].ok and history[0].added == result.added > 0
    assert [d["name"] for d in history[0].details] == _names(wb)
    assert all(len(d["kept"]) == kept_count(len(d["kept"]) + len(d["removed"])) for d in history[0].details)
    assert repo.due_worlds(utcnow() + timedelta(days=6)) == []
    assert repo.set_cadence(uid, wid, "off")
    assert repo.due_worlds(utcnow() + timedelta(days=60)) == []
    with pytest.raises(repo.WorldError):
        repo.set_cadence(uid, wid, "hourly")
    assert repo.record_refresh_failure(uid, wid, "Spotify said 503")
    assert [h.ok for h in repo.refresh_history(uid, wid)] == [False, True]
