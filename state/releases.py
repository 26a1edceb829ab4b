"""The release feed page: what it shows, and handlers that call `services.releases`.

Vars: `weeks` (the feed, grouped by week), `shown` / `unseen` (cards shown, unseen
cards in the whole feed); the filters `kind` ("all" or a release type), `artist`
("all" or an artist id), `hide_remixes` (a preference, so digests follow it),
`unseen_only`; `include_appearances` (also compilations and appearances, a
preference); `artist_options`, `pinned`, `blocked` (`Option` rows); `looking` (this
person's first scan is running), `scanning` ("Scan now" is running); `watch_note`;
`scan_state` ("never", "ok", "partial", "failed"), `scan_message` (what went wrong and
the next try) and `scan_note` for the person's last scan; `history` (`ScanRun` rows of
the scan job); `live_note` (releases pushed while the page is open); `saving`
(release ids being added to a playlist), `playlist` (where "Add to playlist" adds),
`playlist_options` (the person's own playlists, read when the picker opens);
`loaded`. The user is resolved on the server for every event.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import reflex as rx

from services import live, releases, scheduler
from services.catalog import get_source
from services.releases import FeedError, FeedFilter
from services.releases.scan import scan_one
from services.releases.view import FeedPage, Option, ReleaseCard, ReleaseWeek, ScanRun, feed_page, scan_running
from state.auth import current_user
from state.live import connected_tokens, on_change, push_to_tokens

log = logging.getLogger(__name__)
KIND_CHOICES = ("all", "album", "single", "ep", "compilation")


def _page(user_id: int, wanted: FeedFilter) -> FeedPage:
    return feed_page(user_id, wanted, get_source(user_id).kind)


class ReleasesState(rx.State):
    """See the module docstring for the vars."""

    weeks: list[ReleaseWeek] = []
    shown: int = 0
    unseen: int = 0
    kind: str = "all"
    artist: str = "all"
    hide_remixes: bool = False
    include_appearances: bool = False
    unseen_only: bool = False
    artist_options: list[Option] = []
    pinned: list[Option] = []
    blocked: list[Option] = []
    looking: bool = False
    scanning: bool = False
    watch_note: str = ""
    scan_state: str = "never"
    scan_message: str = ""
    scan_note: str = ""
    history: list[ScanRun] = []
    live_note: str = ""
    saving: list[int] = []
    playlist: str = ""
    playlist_options: list[Option] = []
    loaded: bool = False
    _user_id: int | None = None
    _shown_ids: list[int] = []

    @rx.var
    def filtered(self) -> bool:
        """A filter narrows the feed (so an empty feed means "nothing matches", not "nothing at all")."""
        return self.kind != "all" or self.artist != "all" or self.unseen_only

    def _filter(self) -> FeedFilter:
        return FeedFilter(kinds=() if self.kind == "all" else (self.kind,),
                          artist_id="" if self.artist == "all" else self.artist, unseen_only=self.unseen_only)

    async def _refresh(self) -> int:
        """Re-read the page; returns how many cards appeared that were not shown before."""
        if self._user_id is None:
            return 0
        page = await asyncio.to_thread(_page, self._user_id, self._filter())
        before = set(self._shown_ids)
        ids = [c.id for w in page.weeks for c in w.cards]
        self.weeks, self.shown, self._shown_ids, self.unseen = page.weeks, len(ids), ids, page.unseen
        self.artist_options, self.pinned, self.blocked = page.artists, page.pinned, page.blocked
        if self.artist != "all" and self.artist not in {a.id for a in page.artists}:
            self.artist = "all"
        self.hide_remixes, self.include_appearances = page.hide_remixes, page.include_appearances
        self.watch_note, self.history, self.playlist = page.watch_note, page.history, page.playlist
        self.scan_state, self.scan_message, self.scan_note = page.status.state, page.status.message, page.status.note
        self.loaded = True
        return len(set(ids) - before) if before else 0

    async def _uid(self) -> int | None:
        user = await current_user(self)
        self._user_id = user.id if user else None
        return self._user_id

    @rx.event
    async def load(self):
        """Show the feed; on a person's first visit, start watching their artists and run
        their first scan (the past four weeks) in the background."""
        user_id = await self._uid()
        if user_id is None:
            return
        self.live_note = ""
        self.scanning = await asyncio.to_thread(scan_running)
        first = await asyncio.to_thread(releases.watch, user_id)
        await self._refresh()
        events = [rx.call_script("Intl.DateTimeFormat().resolvedOptions().timeZone", callback=ReleasesState.set_browser_zone)]
        if first:
            self.looking = True
            events.append(ReleasesState.first_scan)
        return events

    @rx.event
    async def set_browser_zone(self, zone: str):
        """Release days and "this week" follow the browser's time zone (until the person sets one)."""
        user_id = await self._uid()
        if user_id is None or not isinstance(zone, str):
            return
        if await asyncio.to_thread(releases.person_zone, user_id) == "UTC" and zone != "UTC":
            if await asyncio.to_thread(releases.set_time_zone, user_id, zone):
                await self._refresh()

    async def _scan_me(self, user_id: int):  # type: ignore[no-untyped-def]
        try:
            counts = await scan_one(user_id)
        except Exception:  # recorded nowhere else: say so; the scheduled scan tries again
            log.exception("release scan failed for user %s", user_id)
            counts = None
        async with self:
            self.looking = False
            await self._refresh()
            state, message = self.scan_state, self.scan_message
        if counts is None:
            return rx.toast.error("Looking for releases failed. Use Scan now to try again.")
        if state != "ok":
            return rx.toast.warning(message)
        return rx.toast.success(f"Found {counts.releases_found} release{'s' if counts.releases_found != 1 else ''}.")

    @rx.event(background=True)
    async def first_scan(self):
        """The first scan of this person only: their releases of the past four weeks."""
        async with self:
            user_id = self._user_id
        if user_id is not None:
            yield await self._scan_me(user_id)

    @rx.event(background=True)
    async def scan_now(self):
        """Run the scan job at once (everyone watching, shared fetching); the history and the
        feed update when it ends, and new releases are pushed here as they are saved."""
        async with self:
            if await self._uid() is None or self.scanning:
                return
            busy = await asyncio.to_thread(scan_running)
            self.scanning = True
            unseen_before = self.unseen
        if busy:
            yield rx.toast.info("A scan is already running; new releases will appear here when it ends.")
            return
        try:
            run = await scheduler.run_job(releases.SCAN_JOB, trigger="manual")
        finally:
            async with self:
                self.scanning = False
                await self._refresh()
                new, state, message = max(0, self.unseen - unseen_before), self.scan_state, self.scan_message
        if run.status == "error":
            yield rx.toast.error("The scan failed. It was recorded in the scan history; try again in a few minutes.")
        elif state not in ("ok", "never"):
            yield rx.toast.warning(message)
        else:
            yield rx.toast.success(f"Scan finished: {f'{new} new' if new else 'nothing new since the last scan'}.")

    @rx.event
    async def set_kind(self, value: str | list[str]):
        """Show one release type (or all)."""
        value = value[0] if isinstance(value, list) and value else value
        self.kind = value if isinstance(value, str) and value in KIND_CHOICES else "all"
        await self._refresh()

    @rx.event
    async def set_artist(self, value: str):
        """Show one artist's releases (or all)."""
        self.artist = value or "all"
        await self._refresh()

    async def _set_pref(self, **changes: bool) -> int | None:
        user_id = await self._uid()
        if user_id is None:
            return None
        prefs = await asyncio.to_thread(releases.get_prefs, user_id)
        await asyncio.to_thread(releases.update_prefs, user_id, dataclasses.replace(prefs, **changes))
        await self._refresh()
        return user_id

    @rx.event
    async def set_hide_remixes(self, value: bool):
        """Hide remixes here and in digests (saved as a preference)."""
        await self._set_pref(hide_remixes=bool(value))

    @rx.event
    async def set_include_appearances(self, value: bool):
        """Also watch compilations and records the artists appear on; turning it on scans at once."""
        if await self._set_pref(include_appearances=bool(value)) is not None and value:
            self.looking = True
            return ReleasesState.first_scan

    @rx.event
    async def set_unseen_only(self, value: bool):
        self.unseen_only = bool(value)
        await self._refresh()

    @rx.event
    async def clear_filters(self):
        self.kind, self.artist, self.unseen_only = "all", "all", False
        await self._refresh()

    @rx.event
    async def mark_seen(self, release_id: int):
        """Mark one release as seen."""
        user_id = await self._uid()
        if user_id is not None:
            await asyncio.to_thread(releases.mark_seen, user_id, [int(release_id)])
            await self._refresh()

    @rx.event
    async def mark_all_seen(self):
        """Mark every release in the feed as seen."""
        user_id = await self._uid()
        if user_id is None:
            return
        changed = await asyncio.to_thread(releases.mark_seen, user_id, None)
        self.live_note = ""
        await self._refresh()
        return rx.toast.info(f"Marked {changed} release{'s' if changed != 1 else ''} as seen." if changed else "Everything was already seen.")

    @rx.event
    async def hide(self, release_id: int):
        """Remove one release from the feed and from digests."""
        user_id = await self._uid()
        if user_id is not None:
            await asyncio.to_thread(releases.hide_release, user_id, int(release_id))
            await self._refresh()
            return rx.toast.info("Release hidden.")

    @rx.event
    async def pin(self, artist_id: str, artist_name: str, on: bool):
        """Pin or unpin a favourite artist: their releases lead each week."""
        user_id = await self._uid()
        if user_id is None:
            return
        try:
            await asyncio.to_thread(releases.pin_artist, user_id, str(artist_id), str(artist_name), bool(on))
        except FeedError as exc:
            return rx.toast.error(exc.message)
        await self._refresh()

    @rx.event
    async def block(self, artist_id: str, artist_name: str, on: bool):
        """Block or unblock an artist: gone from the feed, digests and scans."""
        user_id = await self._uid()
        if user_id is None:
            return
        try:
            await asyncio.to_thread(releases.block_artist, user_id, str(artist_id), str(artist_name), bool(on))
        except FeedError as exc:
            return rx.toast.error(exc.message)
        await self._refresh()
        if on:
            return rx.toast.info(f"{artist_name or 'The artist'} is blocked. Unblock them under Blocked artists.")

    @rx.event(background=True)
    async def add_to_playlist(self, release_id: int):
        """Add the release's tracks to the person's release playlist (one running playlist)."""
        release_id = int(release_id)
        async with self:
            user_id = await self._uid()
            if user_id is None or release_id in self.saving:
                return
            self.saving = [*self.saving, release_id]
        try:
            result = await asyncio.to_thread(releases.add_release_to_playlist, user_id, release_id)
        except FeedError as exc:
            yield rx.toast.error(exc.message)
            return
        except Exception:  # the source failed unexpectedly: say so, keep the page alive
            log.exception("adding release %s to a playlist failed for user %s", release_id, user_id)
            yield rx.toast.error("The release could not be added. Please try again.")
            return
        finally:
            async with self:
                self.saving = [r for r in self.saving if r != release_id]
        async with self:
            self.playlist = result.playlist.name
        yield rx.toast.success(result.message)

    @rx.event
    async def load_playlists(self, opening: bool = True):
        """The person's own playlists, for choosing where releases go (read as the picker opens)."""
        user_id = await self._uid()
        if user_id is None or not opening:
            return
        try:
            mine = await asyncio.to_thread(lambda: releases.own_playlists(get_source(user_id)))
        except Exception as exc:  # a source failure only empties the picker
            self.playlist_options = []
            return rx.toast.error(getattr(exc, "message", "") or "Your playlists could not be read right now.")
        self.playlist_options = [Option(p.id, p.name) for p in mine]

    @rx.event
    async def choose_playlist(self, playlist_id: str):
        """Send future releases to this playlist ("running" for the running "New releases")."""
        user_id = await self._uid()
        if user_id is None:
            return
        wanted = "" if playlist_id in ("", "running") else str(playlist_id)
        try:
            self.playlist = await asyncio.to_thread(releases.choose_playlist, user_id, wanted)
        except FeedError as exc:
            return rx.toast.error(exc.message)
        return rx.toast.info(f"Releases will go to “{self.playlist}”.")

    @rx.event
    def dismiss_live_note(self):
        self.live_note = ""


async def _new_releases_arrived(state: ReleasesState) -> None:
    """A scan found releases for this person: refresh the open feed and say how many are new."""
    if state._user_id is None:
        return
    new = await state._refresh()
    if new:
        state.live_note = f"{new} new release{'s' if new != 1 else ''} just arrived."


async def _refresh_scan(state: ReleasesState) -> None:
    """A scan ended: its history, and how it went for this person."""
    if state._user_id is None:
        return
    await state._refresh()
    state.scanning = await asyncio.to_thread(scan_running)


async def _scan_job_changed(change: live.Change) -> None:
    """Only scheduled and manual scans of everyone concern every open feed (release-day scans
    push their news per person); other jobs are the System panel's business."""
    if str(change.data.get("job_id", "")) == releases.SCAN_JOB:
        await push_to_tokens(connected_tokens(), ReleasesState, _refresh_scan)


on_change("releases", ReleasesState, _new_releases_arrived)
live.subscribe("jobs", _scan_job_changed)

__all__ = ["Option", "ReleaseCard", "ReleaseWeek", "ReleasesState", "ScanRun"]
