"""A build's progress and results: the world's name and texts, what was done with the answers,
the signals it was matched on, the playlists (play, edit), and saving.

Vars: progress (`building`, `build_step`, `build_detail`, `steps_done`), results
(`has_result`, `editable`, `world_name`, `world_description`, `composer_label`,
`notes`, `signals`, `candidates_note`, `result_playlists`), weights, saving
(`saving`, `save_message`, `save_failed`, `saved_world_id`, `cadence`,
`refresh_allowed`, `limits`, `source_kind`). The built world itself stays on the
server (`services.worlds.held`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from services.billing import UpgradeRequired
from services.worlds import drafts, held, repo
from services.worlds.builder import STEPS, BuildError, BuiltWorld, build_for_user
from services.worlds.refresh_plan import limits_text
from services.worlds.scoring import Weights
from services.worlds.views import PlaylistCard, playlist_cards
from state.auth import current_user
from state.upgrade import UpgradeState

log = logging.getLogger(__name__)
DEFAULT_WEIGHTS = (0.4, 0.3, 0.2, 0.1)


def results_of(built: BuiltWorld) -> dict[str, Any]:
    """The results panel's values for a build."""
    report = built.build.report
    return {
        "world_name": built.name, "world_description": built.definition.description,
        "composer_label": built.composer_label, "source_kind": built.source_kind,
        "notes": built.notes, "signals": report.lines() if report else [],
        "candidates_note": f"{len(built.build.pool)} candidates considered after your exclusions and the blocklist.",
        "result_playlists": playlist_cards(built.name, built.palette, built.entries(), built.tracks, built.source_kind),
    }


class BuildState(rx.State):
    """See the module docstring."""

    building: bool = False
    build_step: str = ""
    build_detail: str = ""
    steps_done: list[str] = []
    has_result: bool = False
    editable: bool = False
    world_name: str = ""
    world_description: str = ""
    composer_label: str = ""
    notes: list[str] = []
    signals: list[str] = []
    candidates_note: str = ""
    result_playlists: list[PlaylistCard] = []
    source_kind: str = "demo"
    show_advanced: bool = False
    w_semantic: float = DEFAULT_WEIGHTS[0]
    w_feature: float = DEFAULT_WEIGHTS[1]
    w_novelty: float = DEFAULT_WEIGHTS[2]
    w_diversity: float = DEFAULT_WEIGHTS[3]
    saving: bool = False
    save_message: str = ""
    save_failed: bool = False
    saved_world_id: int = 0
    cadence: str = "off"
    refresh_allowed: bool = False
    limits: str = ""
    error: str = ""

    @rx.var
    def build_percent(self) -> int:
        return int(100 * len(self.steps_done) / len(STEPS))

    def show(self, built: BuiltWorld) -> None:
        for key, value in results_of(built).items():
            setattr(self, key, value)
        self.has_result = self.editable = True

    def forget(self) -> None:
        self.has_result, self.editable, self.result_playlists = False, False, []
        self.saved_world_id, self.save_message, self.steps_done, self.build_step, self.error = 0, "", [], "", ""

    def restore(self, data: dict[str, Any], built: BuiltWorld | None, refresh_allowed: bool, plan: str) -> None:
        w = data.get("weights") or DEFAULT_WEIGHTS
        self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity = (float(x) for x in w)
        self.refresh_allowed, self.limits = refresh_allowed, limits_text(plan)
        self.cadence = str(data.get("cadence") or "off") if refresh_allowed else "off"
        self.saved_world_id = int(data.get("saved_world_id") or 0)
        if built is not None:
            self.show(built)

    def _extra(self) -> dict[str, Any]:
        return {"weights": [self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity],
                "cadence": self.cadence, "saved_world_id": self.saved_world_id}

    async def _persist(self) -> None:
        from state.worlds.wizard import WizardState

        wizard = await self.get_state(WizardState)
        await wizard.persist(self._extra())

    # -- building ---------------------------------------------------------------------------
    @rx.event(background=True)
    async def build(self):
        """Build the world in a worker thread; each step is pushed to the page as it starts."""
        from state.worlds.wizard import WizardState

        async with self:
            if self.building:
                return
            user = await current_user(self)
            if user is None:
                return
            wizard = await self.get_state(WizardState)
            choice, answers, free_text = wizard.choice(), dict(wizard.answers), dict(wizard.free_text)
            try:
                weights = Weights(self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity)
            except ValueError:
                self.error = "At least one weight must be above zero."
                return
            self.building, self.error, self.save_message, self.has_result = True, "", "", False
            self.steps_done, self.build_step, self.build_detail = [], "seeds", ""
            wizard.step, user_id = 2, user.id
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

        def progress(step: str, detail: str) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (step, detail))

        task = asyncio.ensure_future(asyncio.to_thread(
            build_for_user, user_id, choice, answers, free_text, weights=weights, progress=progress))
        while not task.done() or not queue.empty():
            try:
                step, detail = await asyncio.wait_for(queue.get(), 0.25)
            except TimeoutError:
                continue
            async with self:
                if step != self.build_step and self.build_step and self.build_step not in self.steps_done:
                    self.steps_done = [*self.steps_done, self.build_step]
                self.build_step, self.build_detail = step, detail
        try:
            built = task.result()
        except BuildError as exc:
            async with self:
                self.building = False
                wizard = await self.get_state(WizardState)
                wizard.error, wizard.step = str(exc), 0 if "seed" in str(exc).lower() else 1
            return
        except Exception:
            log.exception("world build failed for user %s", user_id)
            async with self:
                self.building = False
                self.error = "The build failed unexpectedly. Your seeds and answers are kept: try again."
            return
        held.hold(user_id, built)
        async with self:
            self.steps_done, self.building, self.build_step = list(STEPS), False, ""
            self.show(built)
            await self._persist()
        yield rx.toast.success(f"{built.name} is ready: {len(built.build.playlists.playlists)} playlists.")

    # -- edits ------------------------------------------------------------------------------
    async def _edit(self, apply: Callable[[BuiltWorld], Any]) -> Any:
        user = await current_user(self)
        built = held.held(user.id) if user else None
        if built is None:
            self.error, self.editable = "This build is no longer in memory. Build again to edit it.", False
            return None
        try:
            outcome = apply(built)
        except (KeyError, IndexError):
            return None  # a stale click on a track that already left the playlist
        self.result_playlists = playlist_cards(built.name, built.palette, built.entries(), built.tracks, built.source_kind)
        return outcome

    @rx.event
    async def remove_track(self, playlist: int, track_id: str):
        """Take a track out; it will not come back in this world."""
        await self._edit(lambda b: b.build.playlists.remove(playlist, track_id))

    @rx.event
    async def replace_track(self, playlist: int, track_id: str):
        """Swap a track for the next best one that keeps every rule."""
        new = await self._edit(lambda b: b.build.playlists.replace(playlist, track_id) or "none")
        if new == "none":
            return rx.toast.info("No more tracks fit this playlist; the track was removed.")

    @rx.event
    async def regenerate_playlist(self, playlist: int):
        """A fresh take on one playlist."""
        if await self._edit(lambda b: b.build.playlists.regenerate(playlist)) is not None:
            return rx.toast.success("Playlist regenerated.")

    # -- weights ----------------------------------------------------------------------------
    @rx.event
    def toggle_advanced(self):
        self.show_advanced = not self.show_advanced

    @rx.event
    def set_weight(self, name: str, value: list[float]):
        if name in ("semantic", "feature", "novelty", "diversity"):
            setattr(self, f"w_{name}", round(min(max(float(value[0]) / 100 if value else 0.0, 0.0), 1.0), 2))

    @rx.event
    def reset_weights(self):
        self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity = DEFAULT_WEIGHTS

    # -- saving -----------------------------------------------------------------------------
    @rx.event
    async def set_cadence(self, value: str):
        if not self.refresh_allowed and value != "off":
            return UpgradeState.show("world_refresh", "Scheduled refresh is part of Pro.")
        self.cadence = value
        await self._persist()

    @rx.event(background=True)
    async def save(self):
        """Save the world (within the plan's limits), then its playlists to Spotify or the demo library."""
        from services.worlds.export import export_world
        from services.worlds.library import save_built

        async with self:
            user = await current_user(self)
            if user is None or self.saving:
                return
            built = held.held(user.id)
            if built is None:
                self.save_failed, self.save_message = True, "Build the world first (or again, after a restart)."
                return
            self.saving, self.save_message, self.save_failed = True, "Saving…", False
            world_id, cadence, user_id = self.saved_world_id or None, self.cadence, user.id
        try:
            world_id, note = await asyncio.to_thread(save_built, user_id, built, world_id=world_id, cadence=cadence)
        except UpgradeRequired as err:
            async with self:
                self.saving, self.save_message, self.save_failed = False, err.message, True
            yield UpgradeState.show(err.feature, err.message)
            return
        except repo.WorldError as err:
            async with self:
                self.saving, self.save_message, self.save_failed = False, str(err), True
            return
        async with self:
            self.saved_world_id = world_id
            if note:
                self.cadence = "off"
            await self._persist()
        result = await asyncio.to_thread(export_world, user_id, world_id)
        async with self:
            self.saving, self.save_failed = False, not result.ok
            self.save_message = result.message() + (f" {note}" if note else "")
        from state.worlds.grid import WorldsState

        yield WorldsState.reload


async def discard(user_id: int) -> None:
    held.drop(user_id)
    await asyncio.to_thread(drafts.clear_draft, user_id)
