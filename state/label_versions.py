"""Versions of the open project (every beat and every mix render) and the storage
meter: play, compare, keep, use or delete a version.

Vars: `versions` rows, `storage` (text, percent, level), `usage` (what uses storage,
by kind: this project and the account), `error`, `notice`, `confirm_id` (the version
waiting for a delete confirmation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from services import formatting
from services.label import LabelError
from services.label.versions import delete_version, list_versions, meter, set_kept, use_version
from services.label.storage_use import storage_use
from services.label.views import meter_view, storage_use_rows, version_rows
from state.label_common import ProjectStage, after_work, signed_in_id


class LabelVersionsState(ProjectStage, rx.State):
    """See the module docstring."""

    versions: list[dict[str, str]] = []
    storage: dict[str, str] = {}
    usage: list[dict[str, str]] = []
    notice: str = ""
    confirm_id: str = ""

    def _clear_messages(self) -> None:
        self.error, self.notice, self.confirm_id = "", "", ""

    def _fill(self, user_id: int) -> None:
        self.versions = version_rows(list_versions(user_id, self.project_id))
        self.storage = meter_view(meter(user_id))
        self.usage = storage_use_rows(storage_use(user_id, self.project_id))

    async def _act(self, action: Callable[[int], Any], done: str) -> bool:
        user_id = await signed_in_id(self)
        if user_id is None or not self.project_id:
            return False
        try:
            await asyncio.to_thread(action, user_id)
        except (LabelError, ValueError) as err:
            self.error, self.notice = str(err), ""
            return False
        self.error, self.notice = "", done
        await asyncio.to_thread(self._fill, user_id)
        return True

    def _others(self) -> list[Any]:
        from state.label_beat import LabelBeatState
        from state.label_mix import LabelMixState
        from state.label_release import ReleaseStudioState
        from state.label_takes import LabelTakesState

        pid = self.project_id
        return [LabelBeatState.open_project(pid), LabelTakesState.open_project(pid), LabelMixState.open_project(pid),
                ReleaseStudioState.open_project(pid)]

    @rx.event
    async def keep(self, asset_id: str, kept: bool):
        await self._act(lambda uid: set_kept(uid, int(asset_id), bool(kept)), "Kept." if kept else "No longer kept.")

    @rx.event
    async def use(self, asset_id: str):
        """This beat goes into the next mix; this master into the release pack."""
        if await self._act(lambda uid: use_version(uid, int(asset_id)), "In use."):
            return self._others()
        return None

    @rx.event
    def ask_delete(self, asset_id: str):
        self.confirm_id = asset_id

    @rx.event
    def cancel_delete(self):
        self.confirm_id = ""

    @rx.event
    async def delete(self):
        """Delete the version waiting for confirmation (all its files)."""
        asset_id, self.confirm_id = self.confirm_id, ""
        if not asset_id:
            return None
        freed: list[int] = []
        ok = await self._act(lambda uid: freed.append(delete_version(uid, int(asset_id))), "Deleted.")
        if not ok:
            return None
        self.notice = f"Deleted: {formatting.size(freed[0], unit='megabyte')} freed." if freed else "Deleted."
        return [*after_work(""), *self._others()]
