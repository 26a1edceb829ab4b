"""The lyrics stage: write from genre, mood and theme (with the beat's tempo), or free
from the theme; refine with an instruction; undo; edit by hand.

Vars: `form` (genre, mood, theme, title, instruction), `title`, `sections`, `text`,
`source`, `can_undo`, `steps` (instructions so far), `draft`, `editing`, `busy`,
`error`, `beat_bpm` (shown as "phrased for the beat's … BPM").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import reflex as rx

from services.label import (
    LabelError,
    current_lyrics,
    edit_lyrics,
    get_project,
    refine_lyrics,
    undo_lyrics,
    update_project_data,
    write_lyrics,
)
from services.label.lyrics_stage import LyricsState
from state.label_common import ProjectStage, after_work, signed_in_id

log = logging.getLogger(__name__)

FORM_DEFAULTS: dict[str, str] = {"genre": "", "mood": "", "theme": "", "title": "", "instruction": ""}
_FAILED = "The composer could not answer. Your lyrics are unchanged; try again."


class LabelLyricsState(ProjectStage, rx.State):
    """See the module docstring."""

    form: dict[str, str] = dict(FORM_DEFAULTS)
    title: str = ""
    sections: list[dict[str, str]] = []
    text: str = ""
    source: str = ""
    can_undo: bool = False
    steps: list[str] = []
    draft: str = ""
    editing: bool = False
    busy: bool = False
    beat_bpm: str = ""

    def _show(self, view: LyricsState | None) -> None:
        self.title = view.title if view else ""
        self.sections = [{"label": s.label, "kind": s.kind, "text": s.text} for s in view.sections] if view else []
        self.text, self.source = (view.text, view.source) if view else ("", "")
        self.can_undo, self.steps = (view.can_undo, list(view.instructions)) if view else (False, [])
        self.draft, self.editing = self.text, False

    def _fill(self, user_id: int) -> None:
        project = get_project(user_id, self.project_id)
        saved = project.data.get("lyrics_form") or {}
        if self._form_is_stale():
            self.form = {**FORM_DEFAULTS, **{k: str(v) for k, v in saved.items() if k in FORM_DEFAULTS}}
        bpm = project.data.get("bpm")
        self.beat_bpm = f"{float(bpm):.0f}" if bpm else ""
        self._show(current_lyrics(user_id, self.project_id))

    @rx.event
    def set_field(self, name: str, value: str):
        if name in FORM_DEFAULTS:
            self.form[name] = str(value)[:300]

    @rx.event
    async def save_field(self, name: str, value: str):
        if name not in FORM_DEFAULTS or not self.project_id:
            return
        self.set_field(name, value)
        user_id = await signed_in_id(self)
        if user_id is not None:
            await asyncio.to_thread(update_project_data, user_id, self.project_id, lyrics_form=dict(self.form))

    async def _compose(self, action: Callable[[int, int], LyricsState], done: str):
        """The composer may be a remote model taking seconds: run it in the background
        while the page stays usable."""
        async with self:
            user_id = await signed_in_id(self)
            if user_id is None or not self.project_id or self.busy:
                return None
            pid = self.project_id
            self.busy, self.error = True, ""
        try:
            view = await asyncio.to_thread(action, user_id, pid)
        except LabelError as err:
            async with self:
                self.busy, self.error = False, str(err)
            return None
        except Exception:
            log.exception("composer failed for user %s", user_id)
            async with self:
                self.busy, self.error = False, _FAILED
            return None
        async with self:
            self.busy = False
            if self.project_id == pid:
                self._show(view)
        return [rx.toast.success(done), *after_work("")]

    @rx.event(background=True)
    async def write(self, free: bool = False):
        """New lyrics from genre, mood and theme (with the beat's tempo), or free from the theme."""
        async with self:
            f = dict(self.form)

        def compose(user_id: int, project_id: int) -> LyricsState:
            update_project_data(user_id, project_id, lyrics_form=f)
            return write_lyrics(user_id, project_id, f["genre"], f["mood"], f["theme"], f["title"], free=bool(free))

        for effect in await self._compose(compose, "Lyrics written") or []:
            yield effect

    @rx.event(background=True)
    async def refine(self):
        """Rewrite the lyrics following the instruction; the previous version stays undoable."""
        async with self:
            instruction = self.form.get("instruction", "")
        effects = await self._compose(lambda uid, p: refine_lyrics(uid, p, instruction), "Lyrics refined")
        async with self:
            if not self.error:
                self.form["instruction"] = ""
        for effect in effects or []:
            yield effect

    async def _now(self, action: Callable[[int, int], LyricsState], done: str):
        user_id = await signed_in_id(self)
        if user_id is None or not self.project_id or self.busy:
            return None
        try:
            view = await asyncio.to_thread(action, user_id, self.project_id)
        except LabelError as err:
            self.error = str(err)
            return None
        self.error = ""
        self._show(view)
        return [rx.toast.success(done), *after_work("")]

    @rx.event
    async def undo(self):
        return await self._now(undo_lyrics, "Back to the previous version")

    @rx.event
    async def save_lyrics(self):
        """Keep a hand edit (undoable like any other change)."""
        draft = self.draft
        return await self._now(lambda uid, p: edit_lyrics(uid, p, draft), "Lyrics saved")

    @rx.event
    def start_editing(self):
        self.draft, self.editing = self.text, True

    @rx.event
    def cancel_editing(self):
        self.editing = False

    @rx.event
    def set_draft(self, value: str):
        self.draft = value[:20000]

    @rx.event
    def copy_section(self, text: str):
        return [rx.set_clipboard(text), rx.toast.info("Copied")]
