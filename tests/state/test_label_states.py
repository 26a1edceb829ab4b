"""The Label page's states without a browser: a real state tree with a signed-in
person (the session resolved on the server), events called as Reflex calls them,
and what each state then shows. One test per state module at least."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import reflex as rx

import app.app  # noqa: F401  (registers every state)
from services import accounts
from services.label import projects
from services.label.audio_io import write_wav
from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatRequest
from services.label.mix_stage import mix_project
from services.label.mixing import MixSettings
from services.label.vocals import add_vocal_take
from tests.state.tabs import with_session_cookie
from state.label import LabelState
from state.label_analytics import LabelAnalyticsState
from state.label_beat import LabelBeatState
from state.label_common import after_work
from state.label_content import ContentStudioState
from state.label_lyrics import LabelLyricsState
from state.label_mix import LabelMixState
from state.label_release import ReleaseStudioState
from state.label_takes import LabelTakesState
from state.label_versions import LabelVersionsState
from tests.unit.label.conftest import vocal_like


class Tree:
    """The root state with its substates, signed in as one person."""

    def __init__(self, root: rx.State, user_id: int) -> None:
        self.root, self.user_id = root, user_id

    async def get(self, cls: type[rx.State]) -> Any:
        return await self.root.get_state(cls)

    async def call(self, cls: type[rx.State], handler: str, *args: Any) -> Any:
        state = await self.get(cls)
        return await cls.event_handlers[handler].fn(state, *args)


@pytest.fixture
async def tree(db: None) -> Iterator[Tree]:
    user, token = accounts.sign_up("label-states@example.com", "good pass 123", "Ana")
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    with_session_cookie(root, token)
    yield Tree(root, user.id)


async def _project(tree: Tree) -> int:
    await tree.call(LabelState, "new_project")
    return (await tree.get(LabelState)).project_id


async def test_the_frame_lists_projects_renames_and_follows_the_storage(tree: Tree) -> None:
    events = await tree.call(LabelState, "new_project")
    label = await tree.get(LabelState)
    assert [p["name"] for p in label.projects] == ["Untitled project 1"] and label.current_stage == "beat"
    assert {e.handler.fn.__qualname__.split(".")[0] for e in events[1:]} >= {"LabelBeatState", "LabelTakesState"}
    assert label.storage["level"] == "ok" and "MB of" in label.storage["text"]
    label.name_draft = "   "
    await tree.call(LabelState, "save_name")
    assert label.error == "Give the project a name." and label.name_draft == "Untitled project 1"
    label.name_draft = "Rain City"
    await tree.call(LabelState, "save_name")
    assert label.project_name == "Rain City" and label.projects[0]["name"] == "Rain City"
    await tree.call(LabelState, "switch_project", "not-a-number")  # a crafted id changes nothing
    assert label.project_id == label.projects[0]["id"]
    assert [e.fn.__qualname__ for e in after_work("")] == ["LabelState.refresh"]  # no voice without a cue


async def test_the_beat_form_answers_a_bad_tempo_on_the_page(tree: Tree) -> None:
    pid = await _project(tree)
    await tree.call(LabelBeatState, "open_project", pid)
    beat = await tree.get(LabelBeatState)
    assert beat.generators[0]["value"] == "local" and beat.generators[0]["commercial"] == "yes"
    await tree.call(LabelBeatState, "save_field", "bpm", "fast")
    with pytest.raises(projects.LabelError, match="The tempo must be a number"):
        beat._request()
    await tree.call(LabelBeatState, "save_field", "bpm", "96")
    assert beat._request().bpm == 96.0
    beat.set_field("bpm", "123")  # being typed when another stage's work refreshes this one
    await tree.call(LabelBeatState, "open_project", pid)
    assert beat.form["bpm"] == "123"
    assert projects.get_project(tree.user_id, pid).data["beat_form"]["bpm"] == "96"  # autosaved


async def test_lyrics_are_written_undone_and_edited(tree: Tree) -> None:
    pid = await _project(tree)
    await tree.call(LabelLyricsState, "open_project", pid)
    lyrics = await tree.get(LabelLyricsState)
    await tree.call(LabelLyricsState, "undo")
    assert lyrics.error == "There is nothing to undo."
    lyrics.draft = "Rain City\n\n[Verse 1]\nA line of mine"
    await tree.call(LabelLyricsState, "save_lyrics")
    assert lyrics.title == "Rain City" and lyrics.sections[0]["text"] == "A line of mine" and lyrics.error == ""


async def test_takes_are_listed_chosen_nudged_and_refused_in_the_browser(tree: Tree, tmp_path: Path) -> None:
    pid = await _project(tree)
    for i in range(2):
        add_vocal_take(tree.user_id, pid, write_wav(tmp_path / f"t{i}.wav", vocal_like(6.0, seed=i)), f"take {i}.wav")
    await tree.call(LabelTakesState, "open_project", pid)
    takes = await tree.get(LabelTakesState)
    assert [t["chosen"] for t in takes.takes] == ["", "yes"] and "50 MB" in takes.caps
    newest = takes.takes[0]["id"]
    await tree.call(LabelTakesState, "choose", newest)
    assert [t["chosen"] for t in takes.takes] == ["yes", ""]
    await tree.call(LabelTakesState, "nudge", newest, 100)
    await tree.call(LabelTakesState, "nudge", newest, 100)
    assert takes.takes[0]["offset"] == "+0.20 s"
    await tree.call(LabelTakesState, "set_offset", newest, "99")
    assert "out of range" in takes.error and takes.takes[0]["offset"] == "+0.20 s"
    (await tree.get(LabelTakesState)).refused_in_browser([{"file": {"name": "huge.wav", "size": 80 * 2**20},
                                                            "errors": [{"code": "file-too-large"}]}])
    assert takes.error == "huge.wav: the file is 80.0 MB; a vocal take may be 50 MB at most. It was not sent."


async def test_mix_controls_presets_and_the_master_card(tree: Tree, tmp_path: Path) -> None:
    pid = await _project(tree)
    await tree.call(LabelMixState, "open_project", pid)
    mix = await tree.get(LabelMixState)
    assert not mix.has_beat and mix.master == {}
    await tree.call(LabelMixState, "apply_preset", "warm")
    assert mix.controls["comp_ratio"] == 3.5 and mix.controls["eq_low_db"] == 2.5
    await tree.call(LabelMixState, "save_control", "comp_threshold_db", [-99.0])
    assert mix.controls["comp_threshold_db"] == -40.0  # a slider value past its range stays at the end
    make_project_beat(tree.user_id, pid, BeatRequest(bpm=110, duration_s=8, seed=1))
    mix_project(tree.user_id, pid, MixSettings(preset="clean"))
    await tree.call(LabelMixState, "open_project", pid)
    assert mix.has_beat and float(mix.master["lufs"]) == pytest.approx(-14.0, abs=0.5)
    assert [r["platform"] for r in mix.report] == ["Spotify", "Apple Music", "YouTube"]
    assert 0 < float(mix.master["master_volume"]) <= 1 and float(mix.master["mix_volume"]) <= 1
    assert mix.controls["comp_threshold_db"] == -40.0  # saved with the project


async def test_versions_keep_and_delete_with_confirmation(tree: Tree) -> None:
    pid = await _project(tree)
    old = make_project_beat(tree.user_id, pid, BeatRequest(bpm=110, duration_s=8, seed=1))
    make_project_beat(tree.user_id, pid, BeatRequest(bpm=110, duration_s=8, seed=2))
    await tree.call(LabelVersionsState, "open_project", pid)
    versions = await tree.get(LabelVersionsState)
    assert [v["in_use"] for v in versions.versions] == ["yes", ""]
    await tree.call(LabelVersionsState, "keep", str(old.id), True)
    versions.confirm_id = str(old.id)
    await tree.call(LabelVersionsState, "delete")
    assert "is kept" in versions.error and len(versions.versions) == 2
    await tree.call(LabelVersionsState, "keep", str(old.id), False)
    versions.confirm_id = str(old.id)
    await tree.call(LabelVersionsState, "delete")
    assert len(versions.versions) == 1 and versions.notice.startswith("Deleted:")


async def test_release_details_keep_what_was_typed_on_a_bad_field(tree: Tree) -> None:
    pid = await _project(tree)
    await tree.call(ReleaseStudioState, "open_project", pid)
    release = await tree.get(ReleaseStudioState)
    await tree.call(ReleaseStudioState, "save", {"artist": "Ana Lux", "upc": "036000291453", "writers": "Ana, Bo"})
    assert "last digit should be 2" in release.error and release.artist == "Ana Lux" and release.writers == "Ana, Bo"
    await tree.call(ReleaseStudioState, "save", {"artist": "Ana Lux", "upc": "036000291452", "writers": "Ana, Bo"})
    assert release.notice == "Release details saved." and "a cover" in " ".join(release.missing)
    release.cover_refused([{"file": {"name": "big.png"}}])
    assert release.error.startswith("big.png: a cover is a JPEG, PNG or WebP of at most 20 MB")


async def test_content_and_analytics_follow_the_project(tree: Tree) -> None:
    pid = await _project(tree)
    await tree.call(ContentStudioState, "open_project", pid)
    content = await tree.get(ContentStudioState)
    assert content.song_title == "Untitled project 1" and content.posts == []
    await tree.call(LabelAnalyticsState, "open_project", pid)
    analytics = await tree.get(LabelAnalyticsState)
    assert analytics.error == "" and analytics.totals
    assert analytics.title and analytics.scope == "project"
