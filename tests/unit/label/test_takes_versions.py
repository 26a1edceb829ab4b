"""Takes (choose one or one per section, offsets found and nudged, only chosen takes
mixed) and versions (every render kept; keep, use, delete; storage meter and a
"storage full" message that names what to delete)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from services.label import projects
from services.label.analysis import ANALYSIS_RATE
from services.label.audio_io import write_wav
from services.label.beat_stage import make_project_beat
from services.label.beat_synth import BeatSpec, render_beat
from services.label.beatmaker import BeatRequest
from services.label.mix_stage import mix_project
from services.label.mixing import MixSettings
from services.label.takes import (
    choose_take,
    detect_offset,
    mix_plan,
    nudge_take,
    rename_take,
    set_take_sections,
)
from services.label.versions import delete_version, deletable, full_message, list_versions, meter, set_kept, use_version
from services.label.vocals import add_vocal_take
from services.storage import StorageFull

from .conftest import vocal_like


def _song(make_user: Callable[[str], int], tmp_path: Path, takes: int = 2) -> tuple[int, int, list[int]]:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    ids = [add_vocal_take(ana, p.id, write_wav(tmp_path / f"t{i}.wav", vocal_like(6.0, seed=i)), f"take {i}.wav").id
           for i in range(takes)]
    return ana, p.id, ids


def test_choose_one_take_for_the_song_or_one_per_section(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana, pid, (first, second) = _song(make_user, tmp_path)
    make_project_beat(ana, pid, BeatRequest(bpm=120, seed=1), sections_text="verse 4, chorus 4")
    plan = mix_plan(ana, pid)
    assert [p.windows for p in plan] == [None]  # only the first (chosen) take, singing throughout
    choose_take(ana, second)
    assert [t.meta["chosen"] for t in projects.list_assets(ana, pid, "vocal")] == [True, False]  # newest first
    set_take_sections(ana, first, [1])  # the chorus goes to the first take
    windows = {str(p.path.name): p.windows for p in mix_plan(ana, pid)}
    assert sorted(windows.values(), key=str) == [((0.0, 8.0),), ((8.0, 16.0),)]
    set_take_sections(ana, second, [1])  # a section has one take: it moves
    assert projects.get_asset(ana, first).meta["sections"] == []
    with pytest.raises(projects.LabelError, match="not part of the current beat"):
        set_take_sections(ana, first, [7])


def test_rename_and_nudge_are_checked(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana, pid, (take,) = _song(make_user, tmp_path, 1)
    assert rename_take(ana, take, "  Lead, take 2 ").label == "Lead, take 2"
    with pytest.raises(projects.LabelError, match="name"):
        rename_take(ana, take, "   ")
    assert nudge_take(ana, take, -0.25).meta["offset_s"] == -0.25
    with pytest.raises(projects.LabelError, match="out of range"):
        nudge_take(ana, take, 45)
    bo = make_user("bo@example.com")
    with pytest.raises(projects.LabelError):
        nudge_take(bo, take, 0.5)


def test_the_offset_of_a_take_recorded_late_against_the_beat_is_found() -> None:
    beat = render_beat(BeatSpec(bpm=100, duration_s=20, seed=4), ANALYSIS_RATE).mean(axis=1)
    delay = int(0.35 * ANALYSIS_RATE)
    # A take with the beat bleeding from the headphones, started 0.35 s before the beat.
    take = np.concatenate([np.zeros(delay, np.float32), 0.3 * beat[: 15 * ANALYSIS_RATE]])
    take += vocal_like(len(take) / ANALYSIS_RATE, sr=ANALYSIS_RATE)[: len(take), 0]
    found = detect_offset(beat, take)
    assert found.clear and found.offset_s == pytest.approx(-0.35, abs=0.005)
    quiet = np.concatenate([0.05 * beat[int(1.2 * ANALYSIS_RATE):]])  # bleed at -26 dB, the take starting late
    quiet += vocal_like(len(quiet) / ANALYSIS_RATE, sr=ANALYSIS_RATE)[: len(quiet), 0]
    assert detect_offset(beat, quiet).offset_s == pytest.approx(1.2, abs=0.01)
    noise = np.random.default_rng(1).normal(0, 0.1, 10 * ANALYSIS_RATE).astype(np.float32)
    assert not detect_offset(beat, noise).clear  # no trace of the beat: nothing is claimed
    assert not detect_offset(beat, vocal_like(10, sr=ANALYSIS_RATE)[:, 0]).clear


def test_every_render_is_a_version_to_keep_use_or_delete(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana, pid, _ = _song(make_user, tmp_path, 1)
    b1 = make_project_beat(ana, pid, BeatRequest(bpm=110, seed=1))
    b2 = make_project_beat(ana, pid, BeatRequest(bpm=110, seed=2))
    mix_project(ana, pid, MixSettings(preset="clean"))
    versions = list_versions(ana, pid)
    assert [(v.kind, v.in_use) for v in versions] == [("master", True), ("beat", True), ("beat", False)]
    master = versions[0]
    assert master.compare_id and master.size_bytes > b1.size_bytes and master.licence
    use_version(ana, b1.id)
    assert projects.get_project(ana, pid).data["beat_asset_id"] == b1.id
    set_kept(ana, b1.id, True)
    with pytest.raises(projects.LabelError, match="is kept"):
        delete_version(ana, b1.id)
    set_kept(ana, b1.id, False)
    before = meter(ana).used_bytes
    freed = delete_version(ana, master.id)  # mix, master and MP3 go together
    assert freed > 0 and meter(ana).used_bytes == before - freed
    assert projects.list_assets(ana, pid, "mix") == [] and projects.list_assets(ana, pid, "master_mp3") == []
    delete_version(ana, b1.id)  # the beat in use: the newest other one takes over
    assert projects.get_project(ana, pid).data["beat_asset_id"] == b2.id


def test_storage_full_says_what_to_delete(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana, pid, _ = _song(make_user, tmp_path, 1)
    old = make_project_beat(ana, pid, BeatRequest(bpm=110, seed=1))
    make_project_beat(ana, pid, BeatRequest(bpm=110, seed=2))
    assert [label for _, label, _ in deletable(ana)] == [old.label]  # not the one in use
    message = full_message(ana, StorageFull(99 * 2**20, 100 * 2**20, 5 * 2**20))
    assert "99.0 MB of your 100 MB" in message and old.label in message and "“Song”" in message
