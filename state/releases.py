"""The release feed page: the weekly feed, its filters and actions, scans and their history.

Vars: `weeks` (what the feed shows, grouped by week), `shown` / `unseen` (cards shown,
unseen cards in the whole feed), the filters `kind` ("all" or a release type),
`artist` ("all" or an artist id), `hide_remixes` (saved as a preference, so digests
follow it), `unseen_only`; `artist_options`, `pinned`, `blocked` ([id, name] rows);
`looking` (the first scan of this person is running), `scanning` ("Scan now" is
running), `watch_note` / `scan_error` (how the last scan of this person went),
`history` (recent runs of the `releases.scan` job), `live_note` (releases pushed by a
scan while the page is open), `saving` (release ids being saved as a playlist),
`loaded`. The user is resolved on the server for every event.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence

import reflex as rx

from services import live, releases, scheduler
from services.db import utcnow
from services.releases import FeedError, FeedFilter, FeedItem, FeedWeek
from state.auth import current_user
from state.live import connected_tokens, on_change, push_to_tokens

log = logging.getLogger(__name__)
SCAN_JOB = "releases.scan"
KIND_LABELS = {"album": "Album", "single": "Single", "ep": "EP", "compilation": "Compilation"}
KIND_CHOICES = ("all", "album", "single", "ep", "compilation")


@dataclasses.dataclass
class ReleaseCard:
    """One release as its card shows it."""

    id: int = 0
    title: str = ""
    artist_id: str = ""
    artist_name: str = ""
    credit: str = ""
    kind: str = "album"
    kind_label: str = "Album"
    date: str = ""
    tracks: str = ""
    image: str = ""
    url: str = ""
    seen: bool = False
    pinned: bool = False
    appears_on: bool = False
    remix: bool = False


@dataclasses.dataclass
class ReleaseWeek:
    """The cards of one week (`cards`, not `items`: that name is taken on object vars)."""

    label: str = ""
    count: str = ""
    cards: list[ReleaseCard] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class _Snapshot:
    weeks: list[ReleaseWeek]
    unseen: int
    artists: list[list[str]]
    pinned: list[list[str]]
    blocked: list[list[str]]
    hide_remixes: bool
    watch_note: str
    scan_error: str
    history: list[dict[str, str]]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _card(item: FeedItem) -> ReleaseCard:
    credit = item.artists or item.artist_name
    return ReleaseCard(
        id=item.release_id,
        title=item.title,
        artist_id=item.artist_id,
        artist_name=item.artist_name,
        credit=credit,
        kind=item.kind,
        kind_label=KIND_LABELS.get(item.kind, item.kind.title()),
        date=f"{item.release_date.day} {item.release_date:%b %Y}",
        tracks=_plural(item.total_tracks, "track") if item.total_tracks else "",
        image=item.thumb_url or item.image_url,
        url=item.url,
        seen=item.seen,
        pinned=item.pinned,
        appears_on=item.album_group == "appears_on",
        remix=item.is_remix,
    )


def _weeks(feed: Sequence[FeedWeek]) -> list[ReleaseWeek]:
    return [ReleaseWeek(w.label, _plural(len(w.items), "release"), [_card(i) for i in w.items]) for w in feed]


def _ago(when: dt.datetime | None, now: dt.datetime) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h ago" if hours < 48 else f"{hours // 24} days ago"


def _history(now: dt.datetime) -> list[dict[str, str]]:
    rows = []
    for run in scheduler.recent_runs(SCAN_JOB, limit=6):
        started = run.started_at if run.started_at.tzinfo else run.started_at.replace(tzinfo=dt.timezone.utc)
        finished = run.finished_at
        if finished is not None and finished.tzinfo is None:
            finished = finished.replace(tzinfo=dt.timezone.utc)
        took = f"{(finished - started).total_seconds():.1f} s" if finished else ""
        rows.append({
            "id": str(run.id),
            "when": _ago(started, now),
            "started": started.strftime("%d %b %H:%M UTC"),
            "trigger": "Scan now" if run.trigger == "manual" else "Scheduled",
            "status": run.status,
            "took": took,
            "detail": run.detail or (run.error.split("\n", 1)[0] if run.error else ""),
        })
    return rows


def _snapshot(user_id: int, wanted: FeedFilter) -> _Snapshot:
    """Everything the page shows, read in one worker-thread call."""
    now = utcnow()
    status = releases.watch_status(user_id)
    if not status.watching:
        note = ""
    elif status.last_scan_at is None:
        note = "Not scanned yet"
    else:
        note = f"Watching {_plural(status.artists_count, 'artist')} · last scan {_ago(status.last_scan_at, now)}"
    marks = releases.artist_marks(user_id)
    return _Snapshot(
        weeks=_weeks(releases.weekly_feed(user_id, wanted)),
        unseen=releases.unseen_count(user_id),
        artists=[[a, n] for a, n in releases.feed_artists(user_id)],
        pinned=[[a, n or a] for a, n in marks.get("pinned", [])],
        blocked=[[a, n or a] for a, n in marks.get("blocked", [])],
        hide_remixes=releases.get_prefs(user_id).hide_remixes,
        watch_note=note,
        scan_error=status.last_error,
        history=_history(now),
    )


def scan_running() -> bool:
    """A `releases.scan` run started in the last half hour and not finished (any tab, any trigger)."""
    runs = scheduler.recent_runs(SCAN_JOB, limit=1)
    if not runs or runs[0].status != "running":
        return False
    started = runs[0].started_at if runs[0].started_at.tzinfo else runs[0].started_at.replace(tzinfo=dt.timezone.utc)
    return utcnow() - started < dt.timedelta(minutes=30)


class ReleasesState(rx.State):
    """See the module docstring for the vars."""

    weeks: list[ReleaseWeek] = []
    shown: int = 0
    unseen: int = 0
    kind: str = "all"
    artist: str = "all"
    hide_remixes: bool = False
    unseen_only: bool = False
    artist_options: list[list[str]] = []
    pinned: list[list[str]] = []
    blocked: list[list[str]] = []
    looking: bool = False
    scanning: bool = False
    watch_note: str = ""
    scan_error: str = ""
    history: list[dict[str, str]] = []
    live_note: str = ""
    saving: list[int] = []
    loaded: bool = False
    _user_id: int | None = None
    _shown_ids: list[int] = []

    @rx.var
    def filtered(self) -> bool:
        """A filter narrows the feed (so an empty feed means "nothing matches", not "nothing at all")."""
        return self.kind != "all" or self.artist != "all" or self.unseen_only

    def _filter(self) -> FeedFilter:
        return FeedFilter(
            kinds=() if self.kind == "all" else (self.kind,),
            artist_id="" if self.artist == "all" else self.artist,
            hide_remixes=None,
            unseen_only=self.unseen_only,
        )

    async def _refresh(self) -> int:
        """Re-read the feed; returns how many cards appeared that were not shown before."""
        if self._user_id is None:
            return 0
        snap = await asyncio.to_thread(_snapshot, self._user_id, self._filter())
        before = set(self._shown_ids)
        self.weeks = snap.weeks
        ids = [c.id for w in snap.weeks for c in w.cards]
        self.shown, self._shown_ids = len(ids), ids
        self.unseen = snap.unseen
        self.artist_options, self.pinned, self.blocked = snap.artists, snap.pinned, snap.blocked
        if self.artist != "all" and self.artist not in {a for a, _ in snap.artists}:
            self.artist = "all"
        self.hide_remixes = snap.hide_remixes
        self.watch_note, self.scan_error, self.history = snap.watch_note, snap.scan_error, snap.history
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
        if first:
            self.looking = True
            return ReleasesState.first_scan

    @rx.event(background=True)
    async def first_scan(self):
        """The first scan of this person only: their releases of the past four weeks."""
        async with self:
            user_id = self._user_id
        if user_id is None:
            return
        try:
            counts = await releases.scan_people([user_id])
        except Exception:  # recorded on the person's watch; the scheduled scan tries again
            log.exception("first release scan failed for user %s", user_id)
            counts = None
        async with self:
            self.looking = False
            await self._refresh()
        if counts is None:
            yield rx.toast.error("Looking for releases failed. Use Scan now to try again.")
        elif counts.errors:
            yield rx.toast.warning("Some artists could not be read; the next scan tries again.")
        else:
            yield rx.toast.success(f"Found {_plural(counts.releases_found, 'release')} from the past four weeks.")

    @rx.event(background=True)
    async def scan_now(self):
        """Run the scan job at once (everyone watching, shared fetching); the history and
        the feed update when it ends, and new releases are pushed here as they are saved."""
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
            run = await scheduler.run_job(SCAN_JOB, trigger="manual")
        finally:
            async with self:
                self.scanning = False
                await self._refresh()
                new = max(0, self.unseen - unseen_before)
        if run.status == "error":
            yield rx.toast.error("The scan failed. It was recorded in the scan history; try again in a few minutes.")
        else:
            yield rx.toast.success(f"Scan finished: {_plural(new, 'new release') if new else 'nothing new since the last scan'}.")

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

    @rx.event
    async def set_hide_remixes(self, value: bool):
        """Hide remixes here and in digests (saved as a preference)."""
        user_id = await self._uid()
        if user_id is None:
            return
        prefs = await asyncio.to_thread(releases.get_prefs, user_id)
        await asyncio.to_thread(releases.update_prefs, user_id, dataclasses.replace(prefs, hide_remixes=bool(value)))
        await self._refresh()

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
        if user_id is None:
            return
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
        return rx.toast.info(f"Marked {_plural(changed, 'release')} as seen." if changed else "Everything was already seen.")

    @rx.event
    async def hide(self, release_id: int):
        """Remove one release from the feed and from digests."""
        user_id = await self._uid()
        if user_id is None:
            return
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
            await asyncio.to_thread(releases.pin_artist, user_id, artist_id, artist_name, bool(on))
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
            await asyncio.to_thread(releases.block_artist, user_id, artist_id, artist_name, bool(on))
        except FeedError as exc:
            return rx.toast.error(exc.message)
        await self._refresh()
        if on:
            return rx.toast.info(f"{artist_name or 'The artist'} is blocked. Unblock them under Blocked artists.")

    @rx.event(background=True)
    async def add_to_playlist(self, release_id: int):
        """Save the release's tracks as a new playlist (Spotify when connected, else the demo library)."""
        release_id = int(release_id)
        async with self:
            user_id = await self._uid()
            if user_id is None or release_id in self.saving:
                return
            self.saving = [*self.saving, release_id]
        try:
            playlist = await asyncio.to_thread(releases.save_release_as_playlist, user_id, release_id)
        except FeedError as exc:
            yield rx.toast.error(exc.message)
            return
        except Exception:  # the source failed unexpectedly: say so, keep the page alive
            yield rx.toast.error("The playlist could not be created. Please try again.")
            return
        finally:
            async with self:
                self.saving = [r for r in self.saving if r != release_id]
        yield rx.toast.success(f"Saved as the playlist “{playlist.name}”.")

    @rx.event
    def dismiss_live_note(self):
        self.live_note = ""


async def _new_releases_arrived(state: ReleasesState) -> None:
    """A scan found releases for this person: refresh the open feed and say how many are new."""
    if state._user_id is None:
        return
    new = await state._refresh()
    if new:
        state.live_note = f"{_plural(new, 'new release')} just arrived."


async def _refresh_history(state: ReleasesState) -> None:
    if state._user_id is None:
        return
    state.history = await asyncio.to_thread(_history, utcnow())
    state.scanning = await asyncio.to_thread(scan_running)


async def _scan_job_changed(change: live.Change) -> None:
    """Only scan runs concern this page; other jobs are the System panel's business."""
    if str(change.data.get("job_id", "")) == SCAN_JOB:
        await push_to_tokens(connected_tokens(), ReleasesState, _refresh_history)


on_change("releases", ReleasesState, _new_releases_arrived)
live.subscribe("jobs", _scan_job_changed)
