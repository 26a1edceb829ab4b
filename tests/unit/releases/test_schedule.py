"""Digest times on the person's own clock, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.releases.schedule import ScheduleError, describe, next_send_time

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

UTC = dt.timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_weekly_is_the_next_weekday_at_the_hour_in_the_persons_zone() -> None:
    # Wednesday 2026-11-18 12:00 UTC; Friday 09:00 Berlin (UTC+1 in winter) is 08:00 UTC.
    when = next_send_time("weekly", 4, 9, "Europe/Berlin", utc(2026, 11, 18, 12))
    assert when == utc(2026, 11, 20, 8)


def test_the_same_day_later_hour_counts_and_the_exact_moment_moves_on_a_week() -> None:
    friday_early = utc(2026, 11, 20, 6)
    assert next_send_time("weekly", 4, 9, "Europe/Berlin", friday_early) == utc(2026, 11, 20, 8)
    assert next_send_time("weekly", 4, 9, "Europe/Berlin", utc(2026, 11, 20, 8)) == utc(2026, 11, 27, 8)


def test_weekly_keeps_local_time_across_the_spring_change_in_berlin() -> None:
    # Clocks go forward on Sunday 2027-03-28: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    before = next_send_time("weekly", 6, 9, "Europe/Berlin", utc(2027, 3, 20, 12))
    after = next_send_time("weekly", 6, 9, "Europe/Berlin", before)  # type: ignore[arg-type]
    assert before == utc(2027, 3, 21, 8)
    assert after == utc(2027, 3, 28, 7)
    assert after.astimezone(BERLIN).hour == 9  # type: ignore[union-attr]
    assert after - before == dt.timedelta(days=7) - dt.timedelta(hours=1)  # type: ignore[operator]


def test_weekly_keeps_local_time_across_the_autumn_change_in_new_york() -> None:
    # US clocks go back on Sunday 2026-11-01.
    before = next_send_time("weekly", 5, 18, "America/New_York", utc(2026, 10, 26))
    after = next_send_time("weekly", 5, 18, "America/New_York", before)  # type: ignore[arg-type]
    assert before == utc(2026, 10, 31, 22)  # 18:00 EDT
    assert after == utc(2026, 11, 7, 23)  # 18:00 EST
    assert after.astimezone(NEW_YORK).hour == 18  # type: ignore[union-attr]


def test_an_hour_skipped_by_the_clock_change_goes_out_an_hour_later_on_the_wall_clock() -> None:
    # 2027-03-14 02:00 does not exist in New York; the digest goes at 03:00 EDT = 07:00 UTC.
    when = next_send_time("weekly", 6, 2, "America/New_York", utc(2027, 3, 10))
    assert when == utc(2027, 3, 14, 7)
    assert when.astimezone(NEW_YORK).hour == 3  # type: ignore[union-attr]


def test_a_repeated_hour_sends_once_at_the_first_occurrence() -> None:
    # 2026-11-01 01:00 happens twice in New York; the first is 05:00 UTC.
    assert next_send_time("weekly", 6, 1, "America/New_York", utc(2026, 10, 30)) == utc(2026, 11, 1, 5)


def test_biweekly_skips_the_week_after_a_digest() -> None:
    last = utc(2026, 11, 20, 8)  # a Friday digest, Berlin 09:00
    assert next_send_time("biweekly", 4, 9, "Europe/Berlin", last, last) == utc(2026, 12, 4, 8)
    # Without a previous digest the first comes at the next Friday.
    assert next_send_time("biweekly", 4, 9, "Europe/Berlin", utc(2026, 11, 21)) == utc(2026, 11, 27, 8)


def test_monthly_is_the_first_weekday_of_each_month() -> None:
    # First Monday of December 2026 is the 7th; Tokyo has no DST (UTC+9).
    when = next_send_time("monthly", 0, 8, "Asia/Tokyo", utc(2026, 11, 10))
    assert when == utc(2026, 12, 6, 23)
    following = next_send_time("monthly", 0, 8, "Asia/Tokyo", when, when)  # type: ignore[arg-type]
    assert following == utc(2027, 1, 3, 23)  # Monday 2027-01-04 08:00 in Tokyo


def test_off_has_no_next_time() -> None:
    assert next_send_time("off", 0, 9, "UTC", utc(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("schedule", "weekday", "hour", "zone", "field"),
    [
        ("daily", 0, 9, "UTC", "schedule"),
        ("weekly", 7, 9, "UTC", "weekday"),
        ("weekly", 0, 24, "UTC", "hour"),
        ("weekly", 0, -1, "UTC", "hour"),
        ("weekly", 0, 9, "Mars/Olympus", "time_zone"),
        ("weekly", 0, 9, "../../etc/passwd", "time_zone"),
    ],
)
def test_invalid_schedules_are_refused_with_the_field(schedule: str, weekday: int, hour: int, zone: str, field: str) -> None:
    with pytest.raises(ScheduleError) as err:
        next_send_time(schedule, weekday, hour, zone, utc(2026, 1, 1))
    assert err.value.field == field and err.value.message


def test_describe_reads_naturally() -> None:
    assert describe("biweekly", 4, 9, "Europe/Berlin") == "Every other Friday at 09:00 (Europe/Berlin)"
