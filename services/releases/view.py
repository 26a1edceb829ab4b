"""The release page as typed view models: what `state/releases.py` shows, built here so
the state only holds it. Dates are written at their precision ("21 Nov 2026", "Nov
2026", "2026"), weeks and times in the person's time zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from services import job_results, job_status
from services.db import as_utc, utcnow
from services.releases.digest_mail import KIND_LABELS, plural
from services.releases.feed import FeedFilter, FeedItem, FeedWeek, artist_marks, feed_artists, get_prefs, unseen_count, weekly_feed
from services.releases.people import person_zone, watch_status
from services.releases.playlist import RUNNING_NAME, chosen_playlist
from services.releases.status import SCAN_JOB, ScanStatus, scan_status
from services.releases.window import local_today, zone

SCAN_STALE_AFTER = dt.timedelta(minutes=30)


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
class Option:
    """Something to pick or list by id and name: an artist (filter, pinned, blocked) or a playlist."""

    id: str = ""
    name: str = ""


@dataclasses.dataclass
class ScanRun:
    """One run of the scan job in the page's history."""

    id: str = ""
    when: str = ""
    started: str = ""
    trigger: str = ""
    status: str = ""
    took: str = ""
    detail: str = ""
    problems: str = ""


@dataclasses.dataclass
class FeedPage:
    """Everything the release page shows, read in one worker-thread call."""

    weeks: list[ReleaseWeek]
    unseen: int
    artists: list[Option]
    pinned: list[Option]
    blocked: list[Option]
    hide_remixes: bool
    include_appearances: bool
    watch_note: str
    status: ScanStatus
    history: list[ScanRun]
    playlist: str
    time_zone: str


def date_text(day: dt.date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day:%b %Y}"
    return f"{day.day} {day:%b %Y}"


def card(item: FeedItem) -> ReleaseCard:
    return ReleaseCard(
        id=item.release_id, title=item.title, artist_id=item.artist_id, artist_name=item.artist_name,
        credit=item.artists or item.artist_name, kind=item.kind, kind_label=KIND_LABELS.get(item.kind, item.kind.title()),
        date=date_text(item.release_date, item.date_precision),
        tracks=plural(item.total_tracks, "track") if item.total_tracks else "", image=item.thumb_url or item.image_url,
        url=item.url, seen=item.seen, pinned=item.pinned, appears_on=item.album_group == "appears_on", remix=item.is_remix,
    )


def weeks(feed: Sequence[FeedWeek]) -> list[ReleaseWeek]:
    return [ReleaseWeek(w.label, plural(len(w.items), "release"), [card(i) for i in w.items]) for w in feed]


def ago(when: dt.datetime | None, now: dt.datetime) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h ago" if hours < 48 else f"{hours // 24} days ago"


def history(now: dt.datetime, time_zone: str, limit: int = 6) -> list[ScanRun]:
    """The latest runs of the scan job, newest first, with what failed and why."""
    tz = zone(time_zone)
    rows = []
    for run in job_status.recent_runs(SCAN_JOB, limit=limit):
        started = as_utc(run.started_at) or now
        finished = as_utc(run.finished_at)
        reasons = job_results.decode_reasons(run.reasons)
        problems = f"{run.items_failed} failed: {job_results.reasons_text(reasons)}" if run.items_failed else ""
        rows.append(ScanRun(
            id=str(run.id), when=ago(started, now), started=started.astimezone(tz).strftime(f"%d %b %H:%M ({time_zone})"),
            trigger="Scan now" if run.trigger == "manual" else "Scheduled", status=run.status,
            took=f"{(finished - started).total_seconds():.1f} s" if finished else "",
            detail=run.detail or (run.error.split("\n", 1)[0] if run.error else ""), problems=problems,
        ))
    return rows


def scan_running(now: dt.datetime | None = None) -> bool:
    """A scan job run started in the last half hour and not finished (any tab, any trigger)."""
    runs = job_status.recent_runs(SCAN_JOB, limit=1)
    if not runs or runs[0].status != "running":
        return False
    return (now or utcnow()) - (as_utc(runs[0].started_at) or utcnow()) < SCAN_STALE_AFTER


def watch_note(user_id: int, now: dt.datetime) -> str:
    status = watch_status(user_id)
    if not status.watching:
        return ""
    if status.last_scan_at is None:
        return "Not scanned yet"
    return f"Watching {plural(status.artists_count, 'artist')} · last scan {ago(status.last_scan_at, now)}"


def feed_page(user_id: int, wanted: FeedFilter, source_kind: str, now: dt.datetime | None = None) -> FeedPage:
    """The whole page for this person (filters applied), in their time zone."""
    now = now or utcnow()
    time_zone = person_zone(user_id)
    marks = artist_marks(user_id)
    prefs = get_prefs(user_id)
    _playlist_id, playlist_name = chosen_playlist(user_id, source_kind)
    return FeedPage(
        weeks=weeks(weekly_feed(user_id, wanted, local_today(now, time_zone))),
        unseen=unseen_count(user_id),
        artists=[Option(a, n) for a, n in feed_artists(user_id)],
        pinned=[Option(a, n or a) for a, n in marks.get("pinned", [])],
        blocked=[Option(a, n or a) for a, n in marks.get("blocked", [])],
        hide_remixes=prefs.hide_remixes,
        include_appearances=prefs.include_appearances,
        watch_note=watch_note(user_id, now),
        status=scan_status(user_id, time_zone, now),
        history=history(now, time_zone),
        playlist=playlist_name or RUNNING_NAME,
        time_zone=time_zone,
    )
