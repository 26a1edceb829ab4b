"""Projects and the timeline as a person meets them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.billing import UpgradeRequired, set_plan_override
from services.config import get_settings
from services.db import session_scope
from services.label import projects
from services.label.projects import STAGES, LabelError


def _pro(user_id: int) -> int:
    with session_scope() as db:
        set_plan_override(db, user_id, "pro")
    return user_id


def _file(user_id: int, project_id: int, name: str, data: bytes = b"RIFF....") -> str:
    (projects.project_dir(user_id, project_id) / name).write_bytes(data)
    return name


def test_create_rename_list_are_scoped_to_the_owner(make_user: Callable[[str], int]) -> None:
    ana, bo = _pro(make_user("ana@example.com")), make_user("bo@example.com")
    first = projects.create_project(ana, "  Night   drive ")
    assert first.name == "Night drive" and first.current_stage == "beat" and first.progress_percent == 0
    projects.create_project(ana, "Second")
    projects.rename_project(ana, first.id, "Night drive (final)")
    assert [p.name for p in projects.list_projects(ana)] == ["Night drive (final)", "Second"]
    assert projects.list_projects(bo) == []
    with pytest.raises(LabelError):
        projects.rename_project(bo, first.id, "mine now")
    with pytest.raises(LabelError):
        projects.get_project(bo, first.id)
    with pytest.raises(LabelError, match="name"):
        projects.create_project(ana, "   ")


def test_stages_tick_progress_and_cycle_complete(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    p = projects.mark_stage_done(ana, p.id, "lyrics")
    p = projects.mark_stage_done(ana, p.id, "beat")
    assert p.done_stages == ("beat", "lyrics") and p.progress_percent == round(200 / 7)
    first_time = dict(projects.stage_history(ana, p.id))["beat"]
    projects.mark_stage_done(ana, p.id, "beat")  # idempotent: the first completion is kept
    assert dict(projects.stage_history(ana, p.id))["beat"] == first_time
    p = projects.open_stage(ana, p.id, "mix")
    assert p.current_stage == "mix"  # stages are never locked
    p = projects.reopen_stage(ana, p.id, "lyrics")
    assert p.done_stages == ("beat",)
    for stage in STAGES:
        p = projects.mark_stage_done(ana, p.id, stage)
    assert p.progress_percent == 100 and p.cycle_complete
    p = projects.restart_cycle(ana, p.id)
    assert p.done_stages == () and p.current_stage == "beat" and not p.cycle_complete
    with pytest.raises(LabelError, match="Unknown stage"):
        projects.mark_stage_done(ana, p.id, "mastering")
    assert projects.next_stage("beat") == "lyrics" and projects.next_stage("analytics") is None


def test_asset_path_checks_ownership(make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    p = projects.create_project(ana, "Song")
    asset = projects.add_asset(ana, p.id, "beat", _file(ana, p.id, projects.new_file_name("beat", "wav")), mime="audio/wav")
    path = projects.asset_path(ana, asset.id)
    assert path is not None and path.read_bytes() == b"RIFF...."
    assert path.parent == get_settings().media_dir / str(ana) / str(p.id)
    assert projects.asset_path(bo, asset.id) is None
    assert projects.asset_path(ana, asset.id + 999) is None
    with pytest.raises(LabelError):
        projects.add_asset(ana, p.id, "beat", "../../escape.wav")


def test_server_file_names_ignore_what_people_type() -> None:
    name = projects.new_file_name("vocal", "../../etc/passwd")
    assert "/" not in name and ".." not in name and name.startswith("vocal-")


def test_duplicate_copies_stages_data_and_files_then_delete_removes_everything(make_user: Callable[[str], int]) -> None:
    ana = _pro(make_user("ana@example.com"))
    p = projects.create_project(ana, "Song", {"genre": "lofi"})
    projects.mark_stage_done(ana, p.id, "beat")
    a = projects.add_asset(ana, p.id, "beat", _file(ana, p.id, projects.new_file_name("beat", "wav"), b"beat-bytes"))
    copy = projects.duplicate_project(ana, p.id)
    assert copy.name == "Song (copy)" and copy.done_stages == ("beat",) and copy.data == {"genre": "lofi"}
    (copied,) = projects.list_assets(ana, copy.id)
    copied_path = projects.asset_path(ana, copied.id)
    assert copied_path is not None and copied_path.read_bytes() == b"beat-bytes"
    assert copied_path != projects.asset_path(ana, a.id)
    projects.delete_project(ana, p.id)
    assert projects.asset_path(ana, a.id) is None
    assert not (get_settings().media_dir / str(ana) / str(p.id)).exists()
    assert [x.id for x in projects.list_projects(ana)] == [copy.id]
    assert projects.asset_path(ana, copied.id) == copied_path  # the copy is untouched


def test_autosave_merges_data(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    projects.update_project_data(ana, p.id, genre="trap", mood="dark")
    p = projects.update_project_data(ana, p.id, mood="happy")
    assert p.data == {"genre": "trap", "mood": "happy"}


def test_free_plan_keeps_one_saved_project_and_pro_lifts_it(make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    first = projects.create_project(ana, "Song")
    projects.create_project(bo, "Bo's song")  # limits are per person
    with pytest.raises(UpgradeRequired) as err:
        projects.create_project(ana, "Another")
    assert err.value.feature == "label_projects" and "1 saved label projects" in err.value.message
    with pytest.raises(UpgradeRequired):
        projects.duplicate_project(ana, first.id)
    assert [p.name for p in projects.list_projects(ana)] == ["Song"]  # nothing half-made
    projects.delete_project(ana, first.id)
    again = projects.create_project(ana, "Fresh start")  # deleting frees the slot
    _pro(ana)
    copy = projects.duplicate_project(ana, again.id)
    assert {p.id for p in projects.list_projects(ana)} == {again.id, copy.id}
