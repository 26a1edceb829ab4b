"""The beat stage: the request (genre, mood, tempo, key, length or sections, prompt,
generator), making the beat in the background, and the beat the mix will use with
its measured tempo and key, structure, generator and licence.

Vars: `form` (the request as typed, autosaved with the project), `beat` (the card),
`beat_wave`, `busy`, `progress`, `progress_message`, `error`, `generators`
(choice, label, licence) and `has_takes` (the beat then follows the takes).
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from services.label import (
    BeatRequest,
    LabelError,
    get_project,
    list_assets,
    make_project_beat,
    update_project_data,
)
from services.label.beatmaker import MUSICGEN_VERSIONS, available_generators, make_beat_maker
from services.label.takes import current_beat
from services.label.views import beat_view, number_or_error
from services.label.waveform import svg_path
from state.label_common import ProjectStage, after_work, run_stage_work, signed_in_id

log = logging.getLogger(__name__)

FORM_DEFAULTS: dict[str, str] = {
    "prompt": "", "genre": "hip hop", "mood": "chill", "bpm": "90", "key": "A minor", "length": "60",
    "sections": "", "generator": "", "model": "stereo-melody-large",
}
_TEXT_LIMIT = 300


class LabelBeatState(ProjectStage, rx.State):
    """See the module docstring."""

    form: dict[str, str] = dict(FORM_DEFAULTS)
    beat: dict[str, str] = {}
    beat_wave: str = ""
    busy: bool = False
    progress: int = 0
    progress_message: str = ""
    generators: list[dict[str, str]] = []
    has_takes: bool = False
    model_versions: list[str] = list(MUSICGEN_VERSIONS)

    def _fill(self, user_id: int) -> None:
        project = get_project(user_id, self.project_id)
        saved = project.data.get("beat_form") or {}
        if self._form_is_stale():
            self.form = {**FORM_DEFAULTS, **{k: str(v) for k, v in saved.items() if k in FORM_DEFAULTS}}
        beat = current_beat(user_id, self.project_id)
        self.beat, self.beat_wave = beat_view(beat), svg_path(beat.meta.get("peaks") or []) if beat else ""
        self.generators = [{"value": c, "label": label, "licence": lic.name, "commercial": "yes" if lic.commercial else ""}
                           for c, label, lic in available_generators()]
        self.has_takes = any(t.meta.get("chosen") or t.meta.get("sections") for t in list_assets(user_id, self.project_id, "vocal"))

    @rx.event
    def set_field(self, name: str, value: str):
        """Typing: keep the value (saved on blur by `save_field`)."""
        if name in FORM_DEFAULTS:
            self.form[name] = str(value)[:_TEXT_LIMIT if name != "sections" else 600]

    @rx.event
    async def save_field(self, name: str, value: str):
        """A choice made (select, blur): keep it with the project."""
        if name not in FORM_DEFAULTS or not self.project_id:
            return
        self.set_field(name, value)
        user_id = await signed_in_id(self)
        if user_id is not None:
            await asyncio.to_thread(update_project_data, user_id, self.project_id, beat_form=dict(self.form))

    def _request(self) -> BeatRequest:
        """The request from the form; a tempo that is not a number is answered."""
        f = self.form
        version = f["model"] if f["model"] in MUSICGEN_VERSIONS else MUSICGEN_VERSIONS[0]
        return BeatRequest(prompt=f["prompt"][:_TEXT_LIMIT], genre=f["genre"] or "hip hop", mood=f["mood"] or "chill",
                           bpm=number_or_error(f["bpm"], "The tempo"), key=f["key"] or "A minor",
                           duration_s=number_or_error(f["length"], "The length"), model_version=version)

    @rx.event(background=True)
    async def make_beat(self):
        """Make the beat in the background (progress on the page); tempo and key are then measured."""
        async with self:
            user_id = await signed_in_id(self)
            if user_id is None or not self.project_id or self.busy:
                return
            try:
                request = self._request()
            except LabelError as exc:
                self.error = str(exc)
                return
            pid, form = self.project_id, dict(self.form)
            self.busy, self.progress, self.progress_message, self.error = True, 2, "Starting", ""
        await asyncio.to_thread(update_project_data, user_id, pid, beat_form=form)
        maker = make_beat_maker(form["generator"] or None)
        if not await run_stage_work(self, lambda report: make_project_beat(
                user_id, pid, request, sections_text=form["sections"], maker=maker, on_progress=report), user_id, pid,
                done="Beat ready", failed="Making the beat failed unexpectedly. Nothing was changed; try again."):
            return
        from state.label_mix import LabelMixState
        from state.label_takes import LabelTakesState
        from state.label_versions import LabelVersionsState

        yield rx.toast.success("Your beat is ready")
        for event in after_work("beat", LabelTakesState.open_project(pid), LabelMixState.open_project(pid),
                                LabelVersionsState.open_project(pid)):
            yield event
