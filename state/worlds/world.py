"""One saved world, opened: its playlists (play, open in Spotify), refresh now with the diff, the
history, the schedule, rename (its exported playlists follow) and delete (asking first).

Vars: `world_id`, `name`, `description`, `cadence`, `source_kind`, `playlists`,
`refreshed`, `history`, `last_diff`, `refresh_note` (what the plan allows now),
`can_refresh`, `scheduled_allowed`, `history_note`, `signals`, `notes`, `message`,
`busy`, `renaming`, `rename_value`, `unfollow_on_delete`, `exported`.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.billing import UpgradeRequired
from services.worlds import repo
from services.worlds.export import delete_world_everywhere, export_world, rename_world_everywhere
from services.worlds.refresh_plan import policy
from services.worlds.signals import SignalReport
from services.worlds.views import DiffRow, HistoryRow, PlaylistCard, diff_rows, history_rows, playlist_cards, when
from state.auth import current_user
from state.upgrade import UpgradeState


def world_values(user_id: int, world_id: int) -> dict | None:
    """Everything the opened world shows, or None when it is not this person's."""
    view = repo.load_world(user_id, world_id)
    if view is None:
        return None
    rules = policy(user_id, world_id)
    history = repo.refresh_history(user_id, world_id, rules.history_limit)
    rows = history_rows(history)
    next_note = "" if rules.can_refresh_now else f"Next refresh by hand: {when(rules.next_manual_at)}."
    signals = view.profile.get("signals") or {}
    report = SignalReport.from_dict(signals) if signals else None
    return {
        "world_id": view.id, "name": view.name, "description": view.description, "cadence": view.cadence,
        "source_kind": view.source,
        "playlists": playlist_cards(view.name, view.palette, view.playlists, {}, view.source),
        "refreshed": when(view.last_refreshed_at), "history": rows,
        "last_diff": rows[0].diff if rows and rows[0].ok else [],
        "can_refresh": rules.can_refresh_now, "scheduled_allowed": rules.scheduled_allowed,
        "refresh_note": rules.text + (f" {next_note}" if next_note else ""),
        "history_note": "" if rules.history_limit is None else "Free shows the latest refresh; Pro keeps every one.",
        "signals": report.lines() if report else [], "notes": list(view.profile.get("notes") or []),
        "exported": sum(bool(p.external_id) for p in view.playlists), "rename_value": view.name,
    }


class OpenWorldState(rx.State):
    """See the module docstring."""

    world_id: int = 0
    name: str = ""
    description: str = ""
    cadence: str = "off"
    source_kind: str = "demo"
    playlists: list[PlaylistCard] = []
    refreshed: str = ""
    history: list[HistoryRow] = []
    last_diff: list[DiffRow] = []
    can_refresh: bool = True
    scheduled_allowed: bool = False
    refresh_note: str = ""
    history_note: str = ""
    signals: list[str] = []
    notes: list[str] = []
    exported: int = 0
    message: str = ""
    failed: bool = False
    busy: bool = False
    renaming: bool = False
    rename_value: str = ""
    unfollow_on_delete: bool = True

    def fill(self, user_id: int, world_id: int) -> bool:
        values = world_values(user_id, world_id)
        if values is None:
            return False
        for key, value in values.items():
            setattr(self, key, value)
        return True

    @rx.event
    async def open(self, world_id: int):
        user = await current_user(self)
        if user is None:
            return
        self.message, self.renaming, self.failed = "", False, False
        if not await asyncio.to_thread(self.fill, user.id, int(world_id)):
            from state.worlds.grid import WorldsState

            self.world_id, self.message, self.failed = 0, "That world no longer exists.", True
            return WorldsState.show_list

    @rx.event
    def start_rename(self):
        self.renaming, self.rename_value = True, self.name

    @rx.event
    async def rename(self, form: dict):
        """Rename the world; its saved playlists on Spotify (or the demo library) follow."""
        user = await current_user(self)
        if user is None:
            return
        self.rename_value = str(form.get("name") or "")[:200]
        try:
            result = await asyncio.to_thread(rename_world_everywhere, user.id, self.world_id, self.rename_value)
        except UpgradeRequired as err:  # kept beyond the plan's saved worlds: read-only
            self.message, self.failed = err.message, True
            return UpgradeState.show(err.feature, err.message)
        except repo.WorldError as err:
            self.message, self.failed = str(err), True
            return
        self.renaming = False
        self.message, self.failed = result.message("Renamed"), not result.ok
        await asyncio.to_thread(self.fill, user.id, self.world_id)
        from state.worlds.grid import WorldsState

        return WorldsState.reload

    @rx.event
    def set_unfollow(self, value: bool):
        self.unfollow_on_delete = bool(value)

    @rx.event
    async def delete(self):
        """Delete the world; with the box ticked its saved playlists are removed first."""
        user = await current_user(self)
        if user is None:
            return
        name = self.name
        result = await asyncio.to_thread(delete_world_everywhere, user.id, self.world_id,
                                         unfollow=self.unfollow_on_delete)
        if not result.ok:
            self.message, self.failed = result.message("Removed"), True
            return
        self.world_id = 0
        from state.worlds.grid import WorldsState

        return [WorldsState.show_list, rx.toast.success(f"Deleted {name}. {result.message('Removed')}".strip())]

    @rx.event
    async def set_cadence(self, value: str):
        from services.worlds.library import set_cadence

        user = await current_user(self)
        if user is None:
            return
        try:
            await asyncio.to_thread(set_cadence, user.id, self.world_id, value)
        except UpgradeRequired as err:
            return UpgradeState.show(err.feature, err.message)
        except repo.WorldError as err:
            self.message, self.failed = str(err), True
            return
        self.cadence = value

    @rx.event(background=True)
    async def refresh_now(self):
        """Refresh the world now (every plan; Free once a week) and show what changed."""
        from services.worlds.jobs import refresh_one

        async with self:
            user = await current_user(self)
            if user is None or self.busy:
                return
            self.busy, self.message, user_id, world_id = True, "Refreshing…", user.id, self.world_id
        outcome = await asyncio.to_thread(refresh_one, user_id, world_id, trigger="manual")
        async with self:
            self.busy, self.failed = False, not outcome.ok
            self.message = outcome.summary
            self.fill(user_id, world_id)
            if outcome.ok:
                self.last_diff = diff_rows(outcome.details)
        if outcome.limited:  # a plan limit: the limit message with what Pro gives, the price and one button
            yield UpgradeState.show("world_refresh", outcome.summary)

    @rx.event(background=True)
    async def resave(self):
        """Save the world's playlists again (updates the same playlists)."""
        async with self:
            user = await current_user(self)
            if user is None or self.busy:
                return
            self.busy, user_id, world_id = True, user.id, self.world_id
        result = await asyncio.to_thread(export_world, user_id, world_id)
        async with self:
            self.busy, self.message, self.failed = False, result.message(), not result.ok
            self.fill(user_id, world_id)
