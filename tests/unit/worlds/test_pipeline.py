"""The world builder end to end on a small demo catalog: harvest, build, save within plan
limits, export to the demo library (again, and after a failure halfway), the refresh job."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import SQLModel, select

from services import accounts
from services.billing import UpgradeRequired
from services.billing.entitlements import set_plan_override
from services.catalog.demo import DemoSource
from services.catalog.generator import seed_catalog
from services.catalog.models import DemoPlaylist, DemoPlaylistItem
from services.catalog.source import SourceError
from services.db import get_engine, session_scope, utcnow
from services.worlds import jobs, repo
from services.worlds.builder import build_for_user
from services.worlds.seeds import BuildError, SeedChoice
from services.worlds.candidates import MIN_CANDIDATES, harvest
from services.worlds.export import export_world, playlist_title
from services.worlds.library import save_built, set_cadence
from services.worlds.models import World

ANSWERS = {"sound": ["dusty"], "mood": ["melancholy"], "movement": ["slow drift"]}
_emails = itertools.count()


@pytest.fixture(scope="module")
def catalog(_schema: None) -> Iterator[None]:
    seed_catalog(artists=150)
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def _user(plan: str = "free") -> int:
    user, _ = accounts.sign_up(f"world{next(_emails)}@example.com", "correct horse 42", "Ana")
    assert user.id is not None
    if plan == "pro":
        with session_scope() as db:
            set_plan_override(db, user.id, "pro")
    return user.id


def _build(user_id: int, kind: str = "history"):  # type: ignore[no-untyped-def]
    return build_for_user(user_id, SeedChoice(kind, history_range="medium_term"), ANSWERS, {})


def _demo_playlists(user_id: int, prefix: str) -> list[DemoPlaylist]:
    with session_scope() as db:
        rows = db.exec(select(DemoPlaylist).where(DemoPlaylist.user_id == user_id)).all()
        return [r for r in rows if r.name.startswith(prefix)]


def test_demo_harvest_finds_at_least_500_candidates_around_the_seeds(catalog: None) -> None:
    uid = _user()
    source = DemoSource(uid)
    seeds = source.top_tracks("medium_term", limit=20).items
    found = harvest(source, seeds, keywords=["dusty", "warm"])
    ids = [t.id for t in found.tracks]
    assert len(ids) >= MIN_CANDIDATES and len(ids) == len(set(ids))
    assert found.routes["features"] > 0 and found.routes["same genres"] > 0 and found.routes["seed artists"] > 0
    seed_genres = {g for t in seeds for g in t.genres}
    assert sum(bool(seed_genres & set(t.genres)) for t in found.tracks) > len(found.tracks) // 4


def test_build_gives_3_to_5_playlists_without_seeds_or_broken_rules(catalog: None) -> None:
    uid = _user()
    steps: list[str] = []
    built = build_for_user(uid, SeedChoice("history", history_range="long_term"), ANSWERS, {},
                           progress=lambda step, _d: steps.append(step))
    assert list(dict.fromkeys(steps)) == ["seeds", "profile", "candidates", "scoring", "playlists", "covers"]
    playlists = built.build.playlists.playlists
    assert 3 <= len(playlists) <= 5 and built.build.violations() == []
    seed_ids = {t.id for t in built.seeds}
    assert not seed_ids & {t for pl in playlists for t in pl.track_ids}
    assert all(t.why for e in built.entries() for t in e.tracks)
    assert built.composer_label == "offline composer" and built.text_report.ok


def test_bad_input_is_refused_with_a_message(catalog: None) -> None:
    uid = _user()
    with pytest.raises(BuildError, match="at least 3 tracks"):
        build_for_user(uid, SeedChoice("tracks", track_ids=("x",)), ANSWERS, {})
    with pytest.raises(BuildError, match="at most 10 tracks"):
        build_for_user(uid, SeedChoice("tracks", track_ids=tuple(str(i) for i in range(11))), ANSWERS, {})
    with pytest.raises(BuildError, match="Choose where your seeds come from"):
        build_for_user(uid, SeedChoice(""), ANSWERS, {})
    with pytest.raises(BuildError, match="Answer at least one"):
        build_for_user(uid, SeedChoice("history", history_range="recent"), {"avoid": ["cheesy"]}, {})


def test_export_creates_then_updates_the_same_playlists(catalog: None) -> None:
    uid = _user()
    built = _build(uid)
    world_id, _ = save_built(uid, built, cadence="off")
    first = export_world(uid, world_id)
    n = len(built.entries())
    assert first.ok and (first.created, first.updated) == (n, 0)
    made = _demo_playlists(uid, f"{built.name}: ")
    assert sorted(p.name for p in made) == sorted(playlist_title(built.name, e.name) for e in built.entries())
    assert all(p.image_url.startswith("data:image/jpeg;base64,") and not p.public for p in made)
    with session_scope() as db:
        items = db.exec(select(DemoPlaylistItem).where(DemoPlaylistItem.playlist_id == made[0].id)).all()
    assert len(items) > 0

    again = export_world(uid, world_id)
    assert again.ok and (again.created, again.updated) == (0, n)
    assert sorted(p.id for p in _demo_playlists(uid, f"{built.name}: ")) == sorted(p.id for p in made)


class _FailsOnSecondCreate(DemoSource):
    def __init__(self, user_id: int) -> None:
        super().__init__(user_id)
        self.creates = 0

    def create_playlist(self, name: str, description: str = "", public: bool = False):  # type: ignore[no-untyped-def]
        self.creates += 1
        if self.creates == 2:
            raise SourceError("Spotify is having trouble right now. Try again in a moment.")
        return super().create_playlist(name, description, public)


def test_a_failure_halfway_says_what_was_saved_and_a_retry_finishes_without_duplicates(catalog: None) -> None:
    uid = _user()
    built = _build(uid)
    world_id, _ = save_built(uid, built, cadence="off")
    names = [e.name for e in built.entries()]
    failed = export_world(uid, world_id, source=_FailsOnSecondCreate(uid))
    assert not failed.ok and failed.saved == names[:1] and failed.failed == names[1]
    assert names[0] in failed.message() and "Try again" in failed.message()
    retry = export_world(uid, world_id)
    assert retry.ok and retry.saved == names and (retry.created, retry.updated) == (len(names) - 1, 1)
    assert len(_demo_playlists(uid, f"{built.name}: ")) == len(names)


def test_free_plan_keeps_two_worlds_and_no_refresh(catalog: None) -> None:
    uid = _user()
    built = _build(uid)
    first, note = save_built(uid, built, cadence="weekly")
    assert "Pro" in note and "once a week" in note and repo.load_world(uid, first).cadence == "off"  # type: ignore[union-attr]
    save_built(uid, built, cadence="off")
    with pytest.raises(UpgradeRequired) as err:
        save_built(uid, built, cadence="off")
    assert err.value.feature == "worlds"
    with pytest.raises(UpgradeRequired):
        set_cadence(uid, first, "weekly")
    # Saving over an already saved world is not a new world.
    assert save_built(uid, built, world_id=first, cadence="off")[0] == first


def test_refresh_job_renews_due_worlds_records_history_updates_saved_playlists_and_tells_the_page(
    catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = _user("pro")
    built = _build(uid)
    world_id, note = save_built(uid, built, cadence="weekly")
    assert note == ""
    assert export_world(uid, world_id).ok
    before = {p.name: p.track_ids for p in repo.load_world(uid, world_id).playlists}  # type: ignore[union-attr]
    with session_scope() as db:
        w = db.get(World, world_id)
        assert w is not None
        w.next_refresh_at = utcnow() - timedelta(minutes=1)
        db.add(w)
    published = []
    monkeypatch.setattr(jobs.live, "publish_soon", published.append)

    result = jobs.refresh_due()
    assert result.summary.startswith("1 worlds refreshed") and (result.done, result.failed, result.status) == (1, 0, "ok")
    assert result.people[uid].done == 1
    history = repo.refresh_history(uid, world_id)
    assert len(history) == 1 and history[0].ok and history[0].added > 0
    after = repo.load_world(uid, world_id)
    assert after is not None and after.next_refresh_at is not None and after.next_refresh_at > utcnow() + timedelta(days=6)
    for p in after.playlists:
        kept = set(before[p.name]) & set(p.track_ids)
        assert 0 < len(kept) <= len(p.track_ids) / 2  # continuity, and at least half new
    with session_scope() as db:
        saved = db.exec(select(DemoPlaylistItem.track_id).where(DemoPlaylistItem.playlist_id == after.playlists[0].external_id)
                        .order_by(DemoPlaylistItem.position)).all()
    assert list(saved) == after.playlists[0].track_ids
    assert [c.user_id for c in published] == [uid] and published[0].topic == "worlds"
    assert jobs.refresh_due().summary == "0 worlds refreshed, 0 failed"


def test_a_composer_failure_falls_back_to_the_offline_composer_and_says_so(
    catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        source = "broken model"

        def world_definition(self, brief, *, user_id=None):  # type: ignore[no-untyped-def]
            raise TimeoutError("the model did not answer")

    import services.worlds.builder as builder

    monkeypatch.setattr(builder, "get_composer", lambda: Broken())
    built = _build(_user())
    assert built.composer_label == "offline composer (fallback)"
    assert "TimeoutError" in (built.definition.fallback_reason or "")
    assert 3 <= len(built.entries()) <= 5


def test_renaming_and_deleting_a_world_follow_its_demo_library_playlists(catalog: None) -> None:
    from services.worlds.export import delete_world_everywhere, rename_world_everywhere

    uid = _user()
    built = _build(uid)
    world_id, _ = save_built(uid, built, cadence="off")
    assert export_world(uid, world_id).ok
    n = len(built.entries())
    new_name = f"{built.name} Revisited"  # never the name the world was built with
    renamed = rename_world_everywhere(uid, world_id, new_name)
    assert renamed.ok and renamed.message("Renamed") == f"Renamed {n} saved playlists in your demo library."
    assert len(_demo_playlists(uid, f"{new_name}: ")) == n and not _demo_playlists(uid, f"{built.name}: ")
    gone = delete_world_everywhere(uid, world_id, unfollow=True)
    assert gone.ok and gone.done == n and repo.load_world(uid, world_id) is None
    assert _demo_playlists(uid, f"{new_name}: ") == []
