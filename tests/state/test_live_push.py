"""Pushing a change to open pages (`state.live`): every tab of the person it concerns,
or every connected tab; one dead tab never stops the others; panels reach only the
tabs that show them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
import reflex as rx

from services import live
from state import live as live_push
from state.upgrade import UpgradeState
from tests.state.tabs import Tab


class FakeApp:
    """What `state.live` uses of the running app: `modify_state` per tab token, the connected tabs."""

    def __init__(self, tabs: dict[str, Tab], connected: list[str]) -> None:
        self.tabs = tabs
        self.event_namespace = SimpleNamespace(token_to_sid={t: f"sid-{t}" for t in connected})

    @contextlib.asynccontextmanager
    async def modify_state(self, token: Any) -> AsyncIterator[rx.State]:
        if token.ident not in self.tabs:
            raise KeyError(f"no state for {token.ident}")
        yield self.tabs[token.ident].root


@pytest.fixture
def tabs() -> dict[str, Tab]:
    found = {name: Tab(token=name) for name in ("a1", "a2", "b1")}
    live_push.bind(FakeApp(found, connected=["a1", "b1"]))  # type: ignore[arg-type]
    yield found
    live_push._app = None


def _open(state: UpgradeState) -> None:
    state.feature, state.message, state.open = "worlds", "A change arrived.", True


async def test_a_push_reaches_every_tab_it_names_and_skips_dead_ones(tabs: dict[str, Tab]) -> None:
    reached = await live_push.push_to_tokens(["a1", "a2", "gone"], UpgradeState, _open)
    assert reached == 2
    assert tabs["a1"].state(UpgradeState).open and tabs["a2"].state(UpgradeState).open
    assert not tabs["b1"].state(UpgradeState).open


async def test_a_user_change_reaches_only_that_users_tabs(db: None, tabs: dict[str, Tab]) -> None:
    user = Tab().sign_up("Ana")
    live.remember_client("a1", user)
    live.remember_client("a2", user)
    live_push.on_change("test.user-change", UpgradeState, _open)
    await live.publish(live.Change("test.user-change", user_id=user))
    assert [n for n, t in tabs.items() if t.state(UpgradeState).open] == ["a1", "a2"]


async def test_a_broadcast_reaches_connected_tabs_and_watchers_forget_closed_ones(tabs: dict[str, Tab]) -> None:
    live_push.on_change("test.broadcast", UpgradeState, _open)
    await live.publish(live.Change("test.broadcast"))
    assert [n for n, t in tabs.items() if t.state(UpgradeState).open] == ["a1", "b1"]

    watchers = live_push.Watchers()
    for token in ("a1", "a2"):
        watchers.add(token)
    assert watchers.connected() == ["a1"]  # a2 is not connected: forgotten
    assert watchers.connected() == ["a1"]
