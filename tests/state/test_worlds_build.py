"""The build's state: results shown from a build (notes, signals, playlists to play), edits on
the held build, and the weights' bounds."""

from __future__ import annotations

import numpy as np
import pytest

import state.worlds.build as build_module
from services.ai import LocalComposer
from services.worlds import held
from services.worlds.builder import BuiltWorld
from services.worlds.engine import build_world
from services.worlds.intent import read_answers
from services.worlds.texts import name_world
from state.worlds.build import BuildState, results_of
from tests.state.worlds_helpers import signed_in
from tests.unit.worlds.synthetic import make_catalog


def _built() -> BuiltWorld:
    cat = make_catalog(2500, seed=3, dim=16)
    seeds = cat.seeds(5, np.random.default_rng(3))
    wb = build_world(seeds, cat.tracks, intent=read_answers({"mood": ["calm"]}, {"avoid": "nothing above 300 bpm"}),
                     size=12)
    texts, report = name_world(LocalComposer(), wb, seeds)
    return BuiltWorld(definition=texts, build=wb, palette=["#111111", "#eeeeee"], source_kind="demo", tracks={},
                      seeds=[], text_report=report)


def test_results_show_texts_notes_signals_and_playable_playlists() -> None:
    built = _built()
    values = results_of(built)
    assert values["world_name"] == built.name and values["composer_label"] == "offline composer"
    assert any("Measured from the audio" in line for line in values["signals"])
    cards = values["result_playlists"]
    assert cards and all(t.demo_sound.startswith("/api/worlds/demo-clip/") for c in cards for t in c.tracks)
    assert all(c.coherence.startswith("Coherence") for c in cards)


async def test_edits_work_on_the_held_build_and_say_when_it_is_gone(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    user = signed_in(monkeypatch, build_module)
    state = BuildState(_reflex_internal_init=True)  # type: ignore[call-arg]
    await state.remove_track(0, "t1")
    assert "no longer in memory" in state.error and not state.editable
    built = _built()
    held.hold(user.id, built)
    first = built.build.playlists.playlists[0].track_ids[0]
    before = len(built.build.playlists.playlists[0].tracks)
    state.error = ""
    await state.remove_track(0, first)
    assert len(state.result_playlists[0].tracks) == before - 1
    await state.remove_track(0, first)  # a stale second click changes nothing
    assert len(state.result_playlists[0].tracks) == before - 1
    held.drop(user.id)


def test_weights_stay_within_bounds() -> None:
    state = BuildState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.set_weight("novelty", [250])
    state.set_weight("unknown", [10])
    assert state.w_novelty == 1.0
    state.reset_weights()
    assert (state.w_semantic, state.w_novelty) == (0.4, 0.2)
