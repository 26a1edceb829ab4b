"""The mix stage: levels, vocal clean-up, EQ (low/mid/high), compressor (threshold,
ratio), reverb and limiter beside three presets that fill them in; mix and master to
a loudness target in the background; the master with its report (WAV and MP3 against
each platform) and a loudness-matched A/B of mix and master.

Vars: `controls` (every value, by name), `target`, `busy`, `progress`,
`progress_message`, `error`, `has_beat`, `master` (the card, with the A/B volumes),
`report` rows.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from services.label import TARGETS, MixSettings, get_project, mix_project, update_project_data
from services.label.mixing import PRESETS, RANGES
from services.label.release import used_master
from services.label.takes import current_beat
from services.label.views import master_view, report_rows
from services.label.waveform import asset_peaks, svg_path
from state.label_common import ProjectStage, after_work, run_stage_work, signed_in_id

log = logging.getLogger(__name__)
CONTROL_DEFAULTS: dict[str, float] = {name: float(getattr(MixSettings(), name)) for name in RANGES}


def _master_card(user_id: int, project_id: int) -> tuple[dict[str, str], list[dict[str, str]]]:
    from services.label import list_assets

    master = used_master(user_id, project_id)
    if master is None:
        return {}, []
    render = master.meta.get("render_id")
    group = [a for a in list_assets(user_id, project_id) if a.meta.get("render_id") == render] if render else []
    mix = next((a for a in group if a.kind == "mix"), None)
    mp3 = next((a for a in group if a.kind == "master_mp3"), None)
    wave = svg_path(asset_peaks(user_id, master.id))
    before = svg_path(asset_peaks(user_id, mix.id)) if mix else ""
    return master_view(master, mix, mp3, wave, before), report_rows(master)


class LabelMixState(ProjectStage, rx.State):
    """See the module docstring."""

    controls: dict[str, float] = dict(CONTROL_DEFAULTS)
    target: str = "spotify"
    busy: bool = False
    progress: int = 0
    progress_message: str = ""
    has_beat: bool = False
    master: dict[str, str] = {}
    report: list[dict[str, str]] = []

    def _fill(self, user_id: int) -> None:
        project = get_project(user_id, self.project_id)
        saved = project.data.get("mix") or {}
        if self._form_is_stale():
            self.controls = {**CONTROL_DEFAULTS, **{k: float(v) for k, v in saved.items() if k in RANGES}}
            target = str(project.data.get("master_target") or "spotify")
            self.target = target if target in TARGETS else "spotify"
        self.has_beat = current_beat(user_id, self.project_id) is not None
        self.master, self.report = _master_card(user_id, self.project_id)

    async def _save(self) -> None:
        user_id = await signed_in_id(self)
        if user_id is not None and self.project_id:
            await asyncio.to_thread(update_project_data, user_id, self.project_id, mix=dict(self.controls),
                                    master_target=self.target)

    @rx.event
    def set_control(self, name: str, value: list[float]):
        if name in RANGES and value:
            lo, hi = RANGES[name]
            self.controls[name] = max(lo, min(hi, float(value[0])))

    @rx.event
    async def save_control(self, name: str, value: list[float]):
        self.set_control(name, value)
        await self._save()

    @rx.event
    async def apply_preset(self, name: str):
        """A preset fills the EQ, compressor, reverb and limiter; they stay editable."""
        if name in PRESETS:
            self.controls = {**self.controls, **{k: float(v) for k, v in PRESETS[name].items()}}
            await self._save()

    @rx.event
    async def set_target(self, value: str):
        if value in TARGETS:
            self.target = value
            await self._save()

    @rx.event(background=True)
    async def run_mix(self):
        """Mix the beat and the chosen takes, process and master to the target, in the background."""
        async with self:
            user_id = await signed_in_id(self)
            if user_id is None or not self.project_id or self.busy:
                return
            pid, target = self.project_id, self.target
            settings = MixSettings(**{k: float(v) for k, v in self.controls.items() if k in RANGES})
            self.busy, self.progress, self.progress_message, self.error = True, 2, "Preparing the mix", ""
            controls = dict(self.controls)
        await asyncio.to_thread(update_project_data, user_id, pid, mix=controls, master_target=target)
        if not await run_stage_work(self, lambda report: mix_project(user_id, pid, settings, target, on_progress=report),
                                    user_id, pid, done="Master ready",
                                    failed="Mixing failed unexpectedly. The project is as it was; try again."):
            return
        from state.label_release import ReleaseStudioState
        from state.label_versions import LabelVersionsState

        yield rx.toast.success("Mixed and mastered")
        for event in after_work("mix", LabelVersionsState.open_project(pid), ReleaseStudioState.open_project(pid)):
            yield event
