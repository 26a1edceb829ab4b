"""When a digest goes out: a weekday and hour on the person's own clock.

All arithmetic is done on local calendar dates and then converted to UTC through
`zoneinfo`, so "Friday 09:00 in Berlin" stays 09:00 on both sides of a
daylight-saving change. An hour that does not exist that day (clocks jump
forward) resolves to the same instant one hour later on the wall clock; an hour
that happens twice (clocks go back) resolves to the first.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Schedule = Literal["weekly", "biweekly", "monthly", "off"]
SCHEDULES: tuple[Schedule, ...] = ("weekly", "biweekly", "monthly", "off")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class ScheduleError(ValueError):
    """A schedule a person asked for that cannot be honoured; `message` says why."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`, or a ScheduleError."""
    try:
        if not name or name.strip() != name or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as exc:
        raise ScheduleError(f"Unknown time zone {name!r}; use a name like Europe/Berlin.", "time_zone") from exc


def validate(schedule: str, weekday: int, hour: int, time_zone: str) -> None:
    """Raise ScheduleError unless every part of the schedule makes sense."""
    if schedule not in SCHEDULES:
        raise ScheduleError("Choose weekly, every two weeks, monthly or off.", "schedule")
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise ScheduleError("Choose a day of the week.", "weekday")
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ScheduleError("Choose an hour between 0 and 23.", "hour")
    zone(time_zone)


def _at(day: dt.date, hour: int, tz: ZoneInfo) -> dt.datetime:
    """`hour`:00 on `day` in `tz`, as UTC (gap hours shift forward, repeated hours take the first)."""
    local = dt.datetime(day.year, day.month, day.day, hour, tzinfo=tz)
    return local.astimezone(dt.timezone.utc)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7)


def next_send_time(
    schedule: str,
    weekday: int,
    hour: int,
    time_zone: str,
    after: dt.datetime,
    last_sent: dt.datetime | None = None,
) -> dt.datetime | None:
    """The first send time strictly after `after` (UTC), or None when the schedule is off.

    weekly: every `weekday` at `hour`. biweekly: the same, but at least 13 days after
    the last digest (so every other week). monthly: the first `weekday` of each month,
    never twice in one local month.
    """
    validate(schedule, weekday, hour, time_zone)
    if schedule == "off":
        return None
    tz = zone(time_zone)
    after = after.astimezone(dt.timezone.utc)
    local_last = last_sent.astimezone(tz).date() if last_sent else None
    if schedule == "monthly":
        year, month = after.astimezone(tz).year, after.astimezone(tz).month
        for _ in range(3):
            day = _first_weekday_of_month(year, month, weekday)
            when = _at(day, hour, tz)
            if when > after and (local_last is None or (local_last.year, local_last.month) != (year, month)):
                return when
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise AssertionError("unreachable: a later month always qualifies")
    min_gap = 13 if schedule == "biweekly" else 6
    day = after.astimezone(tz).date() - dt.timedelta(days=1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    for _ in range(60):
        when = _at(day, hour, tz)
        if when > after and (local_last is None or (day - local_last).days >= min_gap):
            return when
        day += dt.timedelta(days=7)
    raise AssertionError("unreachable: a later week always qualifies")


def describe(schedule: str, weekday: int, hour: int, time_zone: str) -> str:
    """Human wording, e.g. "Every other Friday at 09:00 (Europe/Berlin)"."""
    if schedule == "off":
        return "Off"
    day = WEEKDAYS[weekday]
    when = {"weekly": f"Every {day}", "biweekly": f"Every other {day}", "monthly": f"First {day} of each month"}[schedule]
    return f"{when} at {hour:02d}:00 ({time_zone})"
