"""The upload stage: vocal takes. Upload (the browser refuses files over the cap before
sending them; the server checks what each file really is), list, play, rename,
delete, choose one for the song or one per section, align to the beat and nudge.

Vars: `takes` rows, `sections` (the current beat's, for per-section choice),
`caps` (the limits, said on the page), `busy`, `error`, `notice`, `renaming` (the
take being renamed) and `name_draft`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from services.label import LabelError, add_vocal_take, delete_asset, list_assets
from services.label.audio_io import AudioError
from services.label.takes import (
    align_take,
    choose_take,
    current_beat,
    nudge_take,
    rename_take,
    set_take_sections,
    unchoose_take,
)
from services.label.views import browser_refusals, number_or_error, section_names, take_rows
from services.media.probe import VOCAL_CAPS
from state.label_common import ProjectStage, after_work, signed_in_id

log = logging.getLogger(__name__)
UPLOAD_ID = "vocal_upload"


class LabelTakesState(ProjectStage, rx.State):
    """See the module docstring."""

    takes: list[dict[str, str]] = []
    sections: list[dict[str, str]] = []
    caps: str = VOCAL_CAPS.describe()
    busy: bool = False
    notice: str = ""
    renaming: str = ""
    name_draft: str = ""
    confirm_id: str = ""  # the take waiting for a delete confirmation

    def _clear_messages(self) -> None:
        self.error, self.notice = "", ""

    def _fill(self, user_id: int) -> None:
        beat = current_beat(user_id, self.project_id)
        self.takes = take_rows(list_assets(user_id, self.project_id, "vocal"), beat)
        self.sections = section_names(beat)

    async def _act(self, action: Callable[[int], Any], done: str = "") -> Any:
        """One take action as the signed-in person; the list is read again after it."""
        user_id = await signed_in_id(self)
        if user_id is None or not self.project_id:
            return None
        try:
            result = await asyncio.to_thread(action, user_id)
        except (LabelError, ValueError) as err:
            self.error, self.notice = str(err), ""
            return None
        self.error = ""
        if done:
            self.notice = done
        await asyncio.to_thread(self._fill, user_id)
        return result

    @rx.event
    def start_upload(self):
        self.busy, self.error, self.notice = True, "", ""

    @rx.event
    def refused_in_browser(self, rejected: list[dict[str, Any]]):
        """Files the browser would not send (over the cap, not audio): said where the artist looks."""
        self.busy, self.error = False, browser_refusals(rejected)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Keep each uploaded recording as a take, after checking what it really is.
        A refused file says why; takes already kept are untouched."""
        self.busy = False
        user_id = await signed_in_id(self)
        if user_id is None or not self.project_id:
            return None
        pid, refused, kept = self.project_id, [], 0
        for upload in files:
            name = (upload.name or upload.filename or "recording").split("/")[-1][:120]
            try:
                await asyncio.to_thread(add_vocal_take, user_id, pid, upload.file, name)
                kept += 1
            except (AudioError, LabelError) as err:
                refused.append(f"{name}: {err}")
            except Exception:
                log.exception("upload failed for user %s", user_id)
                refused.append(f"{name}: the upload failed unexpectedly; try again.")
        await asyncio.to_thread(self._fill, user_id)
        self.error = " ".join(refused)
        warnings = [t["warning"] for t in self.takes[:kept] if t["warning"]]
        self.notice = " ".join(warnings)
        if not kept:
            return None
        from state.label_beat import LabelBeatState
        from state.label_mix import LabelMixState

        return [rx.toast.success(f"{kept} take{'s' if kept > 1 else ''} added"),
                *after_work("upload", LabelBeatState.open_project(pid), LabelMixState.open_project(pid))]

    @rx.event
    def ask_remove(self, take_id: str):
        self.confirm_id = take_id

    @rx.event
    def cancel_remove(self):
        self.confirm_id = ""

    @rx.event
    async def remove(self):
        """Delete the take waiting for confirmation (its file too)."""
        take_id, self.confirm_id = self.confirm_id, ""
        if not take_id:
            return None
        await self._act(lambda uid: delete_asset(uid, int(take_id)), "Take deleted.")
        return None if self.error else after_work("")

    @rx.event
    async def choose(self, take_id: str):
        """This take sings the song (where no section has its own)."""
        await self._act(lambda uid: choose_take(uid, int(take_id)), "Chosen for the mix.")

    @rx.event
    async def unchoose(self, take_id: str):
        await self._act(lambda uid: unchoose_take(uid, int(take_id)), "Left out of the mix.")

    @rx.event
    async def toggle_section(self, take_id: str, section: str):
        """Give a section to this take (or take it back)."""
        row = next((t for t in self.takes if t["id"] == take_id), None)
        if row is None:
            return
        names = {s["index"]: s["name"].split(" · ")[0] for s in self.sections}
        current = [int(i) for i, n in names.items() if n in row["sections"].split(", ")]
        wanted = sorted(set(current) ^ {int(section)})
        await self._act(lambda uid: set_take_sections(uid, int(take_id), wanted), "Sections updated.")

    @rx.event
    async def align(self, take_id: str):
        """Find where the take sits on the beat; when the match is unclear, say so."""
        result = await self._act(lambda uid: align_take(uid, int(take_id)))
        if result is not None:
            _, found = result
            self.notice = (f"Aligned: the take starts at {found.offset_s:+.2f} s on the beat." if found.clear else
                           "No clear match between the take and the beat; the offset is unchanged. Nudge it by ear.")

    @rx.event
    async def nudge(self, take_id: str, delta_ms: int):
        row = next((t for t in self.takes if t["id"] == take_id), None)
        if row is not None:
            value = float(row["offset_value"]) + int(delta_ms) / 1000
            await self._act(lambda uid: nudge_take(uid, int(take_id), value))

    @rx.event
    async def set_offset(self, take_id: str, value: str):
        """An offset typed in seconds (answered when it is not a number or out of range)."""
        await self._act(lambda uid: nudge_take(uid, int(take_id), number_or_error(value, "The offset")))

    @rx.event
    def start_rename(self, take_id: str, label: str):
        self.renaming, self.name_draft = take_id, label

    @rx.event
    def set_name_draft(self, value: str):
        self.name_draft = value[:200]

    @rx.event
    async def save_rename(self):
        take_id, name = self.renaming, self.name_draft
        self.renaming = ""
        if take_id:
            await self._act(lambda uid: rename_take(uid, int(take_id), name))
