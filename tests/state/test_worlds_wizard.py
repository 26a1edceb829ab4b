"""The wizard's state: seed labels, restoring a draft (older drafts included), checks before
moving on, a failed search clears old results, one click toggles a playlist once."""

from __future__ import annotations

import pytest

import state.worlds.wizard as wizard_module
from services.worlds import drafts
from state.worlds.wizard import WizardState, restore, seed_label
from tests.state.worlds_helpers import signed_in


def test_seed_label_and_restore() -> None:
    assert seed_label("tracks", "", 0, 2) == "2 of 3-10 tracks chosen"
    assert seed_label("history", "long_term", 0, 0) == "All time"
    old = restore({"seed_kind": "tracks", "answers": {"texture": ["dusty"], "mood": ["calm"]},
                   "free_text": {"emotion": "x", "avoid": "metal"}, "chosen_tracks": [{"id": "t1", "name": "N"}]})
    assert old["answers"]["mood"] == ["calm"] and "texture" not in old["answers"]  # old question ids are dropped
    assert old["free_text"]["avoid"] == "metal" and old["chosen_tracks"] == [{"id": "t1", "name": "N", "artist": "", "image": ""}]


async def test_next_step_checks_and_stores_the_draft(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    user = signed_in(monkeypatch, wizard_module)
    state = WizardState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.seed_kind = "tracks"
    await state.next_step()
    assert state.step == 0 and "at least 3 tracks" in state.error
    state.seed_kind = "history"
    await state.next_step()
    assert state.step == 1 and state.error == ""
    await state.next_step()
    assert state.step == 1 and "Answer at least one" in state.error
    await state.toggle_answer("mood", "calm")
    await state.set_free_text("avoid", "metal" * 200)
    assert len(state.free_text["avoid"]) == 300
    stored = drafts.load_draft(user.id)
    assert stored is not None and stored[1]["answers"]["mood"] == ["calm"]


async def test_a_failed_search_clears_the_old_results(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    signed_in(monkeypatch, wizard_module)
    state = WizardState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.track_results = [{"id": "old", "name": "Old", "artist": "", "image": ""}]

    def broken(_user_id: int, _query: str) -> list:
        raise TimeoutError("search down")

    monkeypatch.setattr(wizard_module, "_search", broken)
    await state.search_tracks({"query": "jazz"})
    assert state.track_results == [] and "not answering" in state.error


async def test_one_click_toggles_a_playlist_once_and_only_known_ones(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    signed_in(monkeypatch, wizard_module)
    state = WizardState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.playlists = [{"id": f"p{i}", "name": f"P{i}", "image": "", "count": "3"} for i in range(7)]
    await state.toggle_playlist("p1")
    assert state.chosen_playlist_ids == ["p1"]
    await state.toggle_playlist("p1")
    assert state.chosen_playlist_ids == []
    await state.toggle_playlist("forged")
    assert state.chosen_playlist_ids == []
    for i in range(6):
        await state.toggle_playlist(f"p{i}")
    assert len(state.chosen_playlist_ids) == 5 and "at most 5" in state.error
