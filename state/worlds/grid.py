"""The worlds page's frame: which view is shown, the grid of saved worlds, the plan's limits.

Vars: `view` ("list" | "wizard" | "world"), `loaded`, `worlds` (cards), `has_draft`,
`limits` (the plan's rules in one sentence), `notice` (a refresh that just happened).
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.billing.entitlements import plan_for
from services.worlds import drafts, held, repo
from services.worlds.builder import palette_for
from services.worlds.library import refresh_allowed
from services.worlds.refresh_plan import limits_text
from services.worlds.views import WorldCard, world_cards
from state.auth import current_user
from state.live import on_change


def grid_of(user_id: int) -> tuple[list[WorldCard], str, bool]:
    """(cards, plan, scheduled refresh allowed) for one person."""
    return world_cards(repo.list_worlds(user_id), palette_for), plan_for(user_id), refresh_allowed(user_id)


class WorldsState(rx.State):
    """See the module docstring."""

    view: str = "list"
    loaded: bool = False
    worlds: list[WorldCard] = []
    has_draft: bool = False
    limits: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        """Show the person's worlds, and bring back a wizard left half-way."""
        from state.worlds.build import BuildState
        from state.worlds.wizard import WizardState

        user = await current_user(self)
        if user is None:
            return
        self.notice = ""
        self.worlds, plan, scheduled = await asyncio.to_thread(grid_of, user.id)
        self.limits = limits_text(plan)
        draft = await asyncio.to_thread(drafts.load_draft, user.id)
        build = await self.get_state(BuildState)
        if draft is not None and not build.building:
            step, data = draft
            wizard = await self.get_state(WizardState)
            wizard.apply(step, data)
            build.restore(data, held.held(user.id), scheduled, plan)
            if build.saved_world_id:
                wizard.step = min(wizard.step, 2)
            self.has_draft = True
            if self.view == "list" and not self.loaded and not build.saved_world_id:
                self.view = "wizard"  # an unsaved wizard opens where the person left it
        else:
            build.limits, build.refresh_allowed = limits_text(plan), scheduled
        self.loaded = True

    @rx.event
    async def reload(self):
        user = await current_user(self)
        if user is not None:
            self.worlds, _, _ = await asyncio.to_thread(grid_of, user.id)

    @rx.event
    async def new_world(self):
        """Start the wizard afresh."""
        from state.worlds.build import BuildState
        from state.worlds.wizard import WizardState

        user = await current_user(self)
        if user is None:
            return
        held.drop(user.id)
        wizard = await self.get_state(WizardState)
        wizard.clear()
        (await self.get_state(BuildState)).forget()
        self.view, self.has_draft = "wizard", True
        await wizard.persist({"saved_world_id": 0})

    @rx.event
    def resume_wizard(self):
        self.view = "wizard"

    @rx.event
    async def show_list(self):
        self.view = "list"
        return WorldsState.reload

    @rx.event
    async def discard_wizard(self):
        """Forget the wizard in progress."""
        from state.worlds.build import BuildState, discard
        from state.worlds.wizard import WizardState

        user = await current_user(self)
        if user is None:
            return
        await discard(user.id)
        (await self.get_state(WizardState)).clear()
        (await self.get_state(BuildState)).forget()
        self.has_draft, self.view = False, "list"

    @rx.event
    async def open(self, world_id: str):
        """Open one saved world."""
        from state.worlds.world import OpenWorldState

        if not str(world_id).isdigit():
            return
        self.view = "world"
        return OpenWorldState.open(int(world_id))


async def _refreshed(state: WorldsState) -> None:
    from state.worlds.world import OpenWorldState

    user = await current_user(state)
    if user is None:
        return
    state.worlds, _, _ = await asyncio.to_thread(grid_of, user.id)
    opened = await state.get_state(OpenWorldState)
    if state.view == "world" and opened.world_id:
        await asyncio.to_thread(opened.fill, user.id, opened.world_id)
    state.notice = "A world was refreshed just now."


on_change("worlds", WorldsState, _refreshed)
