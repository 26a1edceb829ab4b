"""The Label page's frame: a person's projects, the open one's timeline (beat → lyrics →
upload → mix → release → content → analytics), the plan line, the storage meter and
the spoken cues. Each stage's work lives in its own small state (`state/label_*.py`),
told which project is open through `open_project(project_id)`.

Vars: `projects` rows, `project_id`, `project_name`, `name_draft`, `current_stage`,
`done_stages`, `progress`, `cycle_complete`; `plan`, `plan_title`, `project_limit`;
`storage` (text, percent, level); `loaded`, `error`; `cues_muted`, `cue_volume`
(kept in the browser).

Identity is resolved on the server for every event; a project id from the page is
only ever used together with that user, so someone else's id reaches nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from services import billing
from services.billing.plans import PLAN_TITLES
from services.label import (
    STAGES,
    LabelError,
    ProjectInfo,
    create_project,
    delete_project,
    duplicate_project,
    get_project,
    list_projects,
    mark_stage_done,
    open_stage,
    rename_project,
    restart_cycle,
    stage_cue,
)
from services.label.versions import meter
from services.label.views import meter_view, project_row
from state.label_analytics import LabelAnalyticsState
from state.label_beat import LabelBeatState
from state.label_common import signed_in_id
from state.label_content import ContentStudioState
from state.label_lyrics import LabelLyricsState
from state.label_mix import LabelMixState
from state.label_release import ReleaseStudioState
from state.label_takes import LabelTakesState
from state.label_versions import LabelVersionsState
from state.live import on_change
from state.upgrade import UpgradeState

log = logging.getLogger(__name__)

STAGE_STATES: tuple[Any, ...] = (LabelBeatState, LabelLyricsState, LabelTakesState, LabelMixState, LabelVersionsState,
                                 ReleaseStudioState, ContentStudioState, LabelAnalyticsState)


def _number(text: str, default: float, lo: float, hi: float) -> float:
    try:
        return max(lo, min(hi, float(str(text).strip())))
    except ValueError:
        return default


class LabelState(rx.State):
    """See the module docstring for the vars."""

    loaded: bool = False
    error: str = ""
    projects: list[dict[str, Any]] = []
    project_id: int = 0
    project_name: str = ""
    name_draft: str = ""
    current_stage: str = "beat"
    done_stages: list[str] = []
    progress: int = 0
    cycle_complete: bool = False
    plan: str = "free"
    plan_title: str = "Free"
    project_limit: str = ""
    storage: dict[str, str] = {}

    cues_muted: str = rx.LocalStorage("0", name="sbm_label_cues_muted")
    cue_volume: str = rx.LocalStorage("70", name="sbm_label_cue_volume")

    def _fill_plan(self, user_id: int, count: int) -> None:
        plan = billing.plan_for(user_id)
        allowed = billing.LIMITS["label_projects"].allowed(plan)
        self.plan, self.plan_title = plan, PLAN_TITLES[plan]
        self.project_limit = f"{count} of {allowed} saved project{'s' if allowed != 1 else ''}"
        self.storage = meter_view(meter(user_id))

    def _fill_projects(self, user_id: int) -> list[ProjectInfo]:
        rows = list_projects(user_id)
        self.projects = [project_row(p) for p in rows]
        self._fill_plan(user_id, len(rows))
        return rows

    def _show_timeline(self, info: ProjectInfo | None) -> None:
        self.project_id = info.id if info else 0
        self.project_name = self.name_draft = info.name if info else ""
        self.current_stage = info.current_stage if info else "beat"
        self.done_stages = list(info.done_stages) if info else []
        self.progress = info.progress_percent if info else 0
        self.cycle_complete = info.cycle_complete if info else False

    def _load(self, user_id: int, want: int | None = None) -> None:
        rows = self._fill_projects(user_id)
        self._show_timeline(next((p for p in rows if p.id == (want or self.project_id)), rows[0] if rows else None))
        self.loaded = True

    def _stage_events(self) -> list[Any]:
        """Every stage state follows the open project."""
        return [state.open_project(self.project_id) for state in STAGE_STATES] if self.project_id else []

    async def _guard(self, action: Callable[[int], Any]) -> tuple[bool, Any]:
        """Run a project action as the signed-in person; limits open the upgrade dialog,
        other refusals show their message."""
        user_id = await signed_in_id(self)
        if user_id is None:
            return False, None
        try:
            await asyncio.to_thread(action, user_id)
        except billing.UpgradeRequired as err:
            return False, UpgradeState.show(err.feature, err.message)
        except LabelError as err:
            self.error = str(err)
            return False, None
        self.error = ""
        return True, None

    @rx.event
    async def load(self):
        """Open the page: the person's projects, the most recent one open."""
        ok, effect = await self._guard(self._load)
        return self._stage_events() if ok else effect

    @rx.event
    async def refresh(self):
        """Another stage's work finished: ticks, progress and the storage meter follow."""
        if self.project_id:
            pid = self.project_id
            await self._guard(lambda uid: (self._show_timeline(get_project(uid, pid)), self._fill_projects(uid)))

    @rx.event
    async def new_project(self):
        """A new project (named after how many exist), opened at the beat stage."""
        ok, effect = await self._guard(
            lambda uid: self._load(uid, create_project(uid, f"Untitled project {len(self.projects) + 1}").id))
        return [rx.toast.success(f"Created “{self.project_name}”"), *self._stage_events()] if ok else effect

    @rx.event
    async def switch_project(self, project_id: str):
        """Open another of the person's projects."""
        try:
            wanted = int(project_id)
        except (TypeError, ValueError):
            return None
        ok, effect = await self._guard(lambda uid: self._load(uid, wanted))
        return self._stage_events() if ok else effect

    @rx.event
    def set_name_draft(self, value: str):
        self.name_draft = value[:120]

    @rx.event
    async def save_name(self):
        """Rename the open project (on blur or Enter); an empty name is refused and the old one kept."""
        if not self.project_id or self.name_draft.strip() == self.project_name:
            return None
        pid, draft = self.project_id, self.name_draft
        ok, effect = await self._guard(lambda uid: (rename_project(uid, pid, draft), self._load(uid, pid)))
        if not ok:
            self.name_draft = self.project_name
            return effect
        return [rx.toast.success("Renamed"), ReleaseStudioState.open_project(pid)]

    @rx.event
    async def rename_key(self, key: str):
        if key == "Enter":
            return LabelState.save_name

    @rx.event
    async def duplicate(self):
        """Copy the open project (stages, settings and files) and open the copy."""
        pid = self.project_id
        ok, effect = await self._guard(lambda uid: self._load(uid, duplicate_project(uid, pid).id))
        return [rx.toast.success(f"Duplicated as “{self.project_name}”"), *self._stage_events()] if ok else effect

    @rx.event
    async def delete(self):
        """Delete the open project with its files, then open the next one."""
        pid, name = self.project_id, self.project_name

        def remove(user_id: int) -> None:
            delete_project(user_id, pid)
            self.project_id = 0
            self._load(user_id)

        ok, effect = await self._guard(remove)
        return [rx.toast.info(f"Deleted “{name}”"), *self._stage_events()] if ok else effect

    @rx.event
    async def open(self, stage: str):
        """Click on a stage: it becomes the open one (never locked), and its voice speaks."""
        if stage not in STAGES or not self.project_id:
            return None
        pid = self.project_id
        self.current_stage = stage
        ok, effect = await self._guard(lambda uid: self._show_timeline(open_stage(uid, pid, stage)))
        if not ok:
            return effect
        return [LabelState.play_cue(stage), *self._stage_events()]

    @rx.event
    async def mark_done(self, stage: str):
        """Tick a stage by hand (when its work happened elsewhere)."""
        pid = self.project_id
        ok, effect = await self._guard(lambda uid: self._show_timeline(mark_stage_done(uid, pid, stage)))
        if not ok:
            return effect
        return rx.toast.success("Cycle complete: every stage is done!") if self.cycle_complete else None

    @rx.event
    async def new_cycle(self):
        """After a complete cycle: clear the ticks and start again at the beat (files stay)."""
        pid = self.project_id
        _, effect = await self._guard(lambda uid: self._show_timeline(restart_cycle(uid, pid)))
        return effect

    @rx.event
    def toggle_cues(self):
        self.cues_muted = "0" if self.cues_muted == "1" else "1"

    @rx.event
    def set_cue_volume(self, value: list[float]):
        self.cue_volume = str(int(value[0])) if value else self.cue_volume

    @rx.event
    async def play_cue(self, stage: str):
        """The stage's spoken cue in the browser, unless muted (silently nothing without a speech engine)."""
        if self.cues_muted == "1" or stage not in STAGES:
            return None
        user_id = await signed_in_id(self)
        if user_id is None or not self.project_id:
            return None
        pid = self.project_id

        def cue_file() -> str | None:
            try:
                return stage_cue(stage, str(get_project(user_id, pid).data.get("mood") or "")).path.name
            except Exception:  # no speech engine: the page works silently
                log.info("no voice cue for %s", stage, exc_info=True)
                return None

        name = await asyncio.to_thread(cue_file)
        if name is None:
            return None
        volume = _number(self.cue_volume, 70, 0, 100) / 100
        url = json.dumps(f"/api/label/cue/{name}")
        return rx.call_script(f"(() => {{ const a = new Audio({url}); a.volume = {volume}; a.play().catch(() => {{}}); }})()")


async def _plan_changed(state: LabelState) -> None:
    """A webhook changed the person's plan: the limit line and buttons follow at once."""
    user_id = await signed_in_id(state)
    if user_id is not None:
        await asyncio.to_thread(state._fill_plan, user_id, len(state.projects))


on_change("billing", LabelState, _plan_changed)
