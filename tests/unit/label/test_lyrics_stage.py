"""Lyrics for a project: write, refine with history, undo, edit by hand (offline composer)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.label import lyrics_stage, projects


def test_write_uses_the_beat_tempo_then_refine_and_undo(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    projects.update_project_data(ana, p.id, bpm=92.4)
    first = lyrics_stage.write_lyrics(ana, p.id, "hip hop", "dark", "city lights")
    assert first.sections and first.text.startswith(first.title) and not first.can_undo
    assert projects.get_project(ana, p.id).data["lyrics"]["brief"]["bpm"] == 92
    assert "lyrics" in projects.get_project(ana, p.id).done_stages
    refined = lyrics_stage.refine_lyrics(ana, p.id, "make it more hopeful")
    assert refined.can_undo and refined.instructions == ("make it more hopeful",)
    back = lyrics_stage.undo_lyrics(ana, p.id)
    assert back.text == first.text and not back.can_undo and back.instructions == ()
    with pytest.raises(projects.LabelError, match="nothing to undo"):
        lyrics_stage.undo_lyrics(ana, p.id)
    assert lyrics_stage.current_lyrics(ana, p.id) == back


def test_free_lyrics_ignore_the_tempo(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    projects.update_project_data(ana, p.id, bpm=140)
    lyrics_stage.write_lyrics(ana, p.id, "", "", "first love", free=True)
    assert projects.get_project(ana, p.id).data["lyrics"]["brief"]["bpm"] is None


def test_hand_edits_are_parsed_into_sections_and_undoable(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    with pytest.raises(projects.LabelError, match="Write lyrics first"):
        lyrics_stage.refine_lyrics(ana, p.id, "shorter")
    state = lyrics_stage.edit_lyrics(ana, p.id, "Night Drive\n\n[Verse 1]\nlights on\nengine hum\n\n[Chorus]\ndrive\n\n[Pre-Chorus]\nwait\n[Solo]\nla la")
    assert state.title == "Night Drive"
    assert [(s.kind, s.label, s.text) for s in state.sections] == [
        ("verse", "Verse 1", "lights on\nengine hum"), ("chorus", "Chorus", "drive"),
        ("pre-chorus", "Pre-chorus", "wait"), ("verse", "Verse 2", "la la")]
    with pytest.raises(projects.LabelError, match="empty"):
        lyrics_stage.edit_lyrics(ana, p.id, "Title only\n\n[Chorus]\n\n")
    with pytest.raises(projects.LabelError, match="how the lyrics should change"):
        lyrics_stage.refine_lyrics(ana, p.id, "   ")
