"""Storage as the artist meets it: what uses it (by kind, this project and the account,
adding up to the meter), a release pack that a full account can still build (it is
derived, not counted, and a new one replaces the old), and a mix that does not fit
refused with nothing placed and the message naming what to delete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from services import billing
from services.db import session_scope
from services.label import projects
from services.label.audio_io import write_wav
from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatRequest
from services.label.cover_art import make_candidates, pick_cover
from services.label import mix_stage
from services.label.mix_stage import mix_project
from services.label.mixing import MixSettings
from services.label.release import save_release
from services.label.release_pack import build_release_pack, current_packs
from services.label.storage_use import storage_use
from services.label.versions import delete_version, meter
from services.label.vocals import add_vocal_take
from services.storage import MB, used_bytes

from .conftest import Song, vocal_like


def _by(user_id: int, project_id: int) -> dict[str, tuple[int, int, bool]]:
    return {u.category: (u.project_bytes, u.total_bytes, u.counted) for u in storage_use(user_id, project_id)}


def test_what_uses_storage_adds_up_to_the_meter_and_follows_a_delete(make_user: Callable[[str], int],
                                                                     tmp_path: Path) -> None:
    ana = make_user("ana@example.com")
    with session_scope() as db:
        billing.set_plan_override(db, ana, "pro")  # two projects
    song, other = projects.create_project(ana, "Song"), projects.create_project(ana, "Other")
    add_vocal_take(ana, song.id, write_wav(tmp_path / "t.wav", vocal_like(6.0)), "take.wav")
    make_project_beat(ana, song.id, BeatRequest(bpm=110, seed=1))
    make_project_beat(ana, other.id, BeatRequest(bpm=100, seed=2))
    mix_project(ana, song.id, MixSettings(preset="clean"))
    uses = _by(ana, song.id)
    assert {"Mixes and masters", "Beats", "Vocal takes"} <= set(uses)
    assert sum(total for _, total, counted in uses.values() if counted) == meter(ana).used_bytes
    here, total, _ = uses["Beats"]
    assert 0 < here < total  # the other project's beat counts for the account only
    totals = [total for _, total, counted in uses.values() if counted]
    assert totals == sorted(totals, reverse=True) and uses["Mixes and masters"][1] > uses["Beats"][1]  # largest first
    master = projects.list_assets(ana, song.id, "master")[0]
    freed = delete_version(ana, master.id)
    assert "Mixes and masters" not in _by(ana, song.id) and meter(ana).used_bytes == total_counted(ana, song.id)
    assert freed > 0


def total_counted(user_id: int, project_id: int) -> int:
    return sum(u.total_bytes for u in storage_use(user_id, project_id) if u.counted)


def test_a_full_account_still_builds_its_release_pack_and_a_new_one_replaces_the_old(song: Song, settings) -> None:  # type: ignore[no-untyped-def]
    save_release(song.user_id, song.project_id, artist="Ana Lux", release_date="2026-12-04")
    pick_cover(song.user_id, song.project_id, make_candidates(song.user_id, song.project_id)[0].id)
    used = used_bytes(song.user_id)
    settings(STORAGE_QUOTA_MB=max(1, used // MB))  # at (or past) the quota
    assert meter(song.user_id).level == "full"
    with session_scope() as db:
        billing.set_plan_override(db, song.user_id, "pro")
    first = build_release_pack(song.user_id, song.project_id)
    assert first.size_bytes > 0 and used_bytes(song.user_id) == used  # not counted
    uses = _by(song.user_id, song.project_id)
    assert uses["Release packs"] == (first.size_bytes, first.size_bytes, False)
    second = build_release_pack(song.user_id, song.project_id)
    assert [p.id for p in current_packs(song.user_id, song.project_id)] == [second.asset.id]
    assert projects.asset_path(song.user_id, first.asset.id) is None  # the old file is gone
    assert len(projects.list_assets(song.user_id, song.project_id, "release_pack")) == 2  # rows stay (analytics)


def test_a_mix_that_does_not_fit_places_nothing_and_says_what_to_delete(make_user: Callable[[str], int], settings,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    add_vocal_take(ana, p.id, write_wav(tmp_path / "t.wav", vocal_like(6.0)), "take.wav")
    old = make_project_beat(ana, p.id, BeatRequest(bpm=110, seed=1))
    make_project_beat(ana, p.id, BeatRequest(bpm=110, seed=2))
    used = used_bytes(ana)
    settings(STORAGE_QUOTA_MB=used // MB + 1)  # room left, less than a render takes
    monkeypatch.setattr(mix_stage, "_BYTES_PER_SECOND", 0)  # the early estimate lets it through: the real sizes decide
    with pytest.raises(projects.LabelError, match="Storage is full") as err:
        mix_project(ana, p.id, MixSettings(preset="clean"), "club")
    assert old.label in str(err.value)
    assert projects.list_assets(ana, p.id, "master") == [] and used_bytes(ana) == used
