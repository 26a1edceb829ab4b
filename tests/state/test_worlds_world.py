"""One opened world's state: what it shows (playlists, refresh rules, history) and its guards."""

from __future__ import annotations

import pytest

import state.worlds.world as world_module
from state.worlds.world import OpenWorldState, world_values
from tests.state.worlds_helpers import signed_in


async def test_a_world_that_is_not_mine_shows_nothing(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    user = signed_in(monkeypatch, world_module)
    assert world_values(user.id, 12345) is None
    state = OpenWorldState(_reflex_internal_init=True)  # type: ignore[call-arg]
    await state.open(12345)
    assert state.failed and "no longer exists" in state.message and state.world_id == 0


def test_unfollow_on_delete_is_asked_and_remembered() -> None:
    state = OpenWorldState(_reflex_internal_init=True)  # type: ignore[call-arg]
    assert state.unfollow_on_delete
    state.set_unfollow(False)
    assert not state.unfollow_on_delete
