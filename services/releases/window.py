"""Which releases are new for a person: the scan window, release dates of day, month
or year precision, and the person's own calendar.

A window runs from `since` to `until` (both days in the person's time zone, so a
release dated today shows up on its day wherever they live). A release is in the
window when the period its date names overlaps it:

* day precision ("2026-11-20"): that day;
* month precision ("2026-11"): any day of that month (Spotify does not know which);
* year precision ("2026"): 1 January, as the date reads. A year-only date is what
  Spotify gives old catalogue; reading it as the whole year would make every such
  record "new" on a first scan all year long.

Album listings are newest first within a group, with a month-precision date placed
where its first day falls. So once a listing reaches a release whose date starts
more than a month before `since` (`beyond`), nothing further down can be in the
window, month-precision ones included: the scan stops reading there.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.releases.schedule import ScheduleError, zone as named_zone

FIRST_SCAN_DAYS = 28  # a person's first scan (and an artist new to them) looks back four weeks
GRACE_DAYS = 7  # later scans look back this far before the last successful check (late listings)
MONTH_SLACK = dt.timedelta(days=31)
RELEASE_WEEKDAYS = (4,)  # Friday: new music's global release day


def zone(name: str | None) -> ZoneInfo:
    """The IANA zone `name`, or UTC when it is empty or unknown (a scan never fails on it)."""
    try:
        return named_zone(name or "UTC")
    except ScheduleError:
        return ZoneInfo("UTC")


def local_today(now: dt.datetime, time_zone: str | None) -> dt.date:
    """The date it is now for someone in `time_zone`."""
    return now.astimezone(zone(time_zone)).date()


@dataclass(frozen=True, slots=True)
class Window:
    """Days `since` to `until`, both included."""

    since: dt.date
    until: dt.date


def first_window(now: dt.datetime, time_zone: str | None) -> Window:
    """A person's first look: the past four weeks up to their today."""
    today = local_today(now, time_zone)
    return Window(today - dt.timedelta(days=FIRST_SCAN_DAYS), today)


def window_after(checked_at: dt.datetime | None, now: dt.datetime, time_zone: str | None) -> Window:
    """From a week before the last successful check of an artist (or four weeks) to today."""
    if checked_at is None:
        return first_window(now, time_zone)
    today = local_today(now, time_zone)
    since = local_today(checked_at, time_zone) - dt.timedelta(days=GRACE_DAYS)
    return Window(min(since, today), today)


def period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day a release date of this precision may mean."""
    if precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day  # day precision, and year precision read as 1 January


def in_window(day: dt.date | None, precision: str, window: Window) -> bool:
    """Whether a release of this date is new in `window` (undated releases never are)."""
    if day is None:
        return False
    first, last = period(day, precision)
    return first <= window.until and last >= window.since


def beyond(day: dt.date | None, since: dt.date) -> bool:
    """True when a listing entry of this date and everything listed after it are older
    than a window starting on `since`; an undated entry proves nothing."""
    return day is not None and day < since - MONTH_SLACK


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def is_release_day(day: dt.date) -> bool:
    return day.weekday() in RELEASE_WEEKDAYS


def local_midnight(now: dt.datetime, time_zone: str | None) -> dt.datetime:
    """When today began for someone in `time_zone`, as UTC."""
    tz = zone(time_zone)
    today = now.astimezone(tz).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=tz).astimezone(dt.timezone.utc)
