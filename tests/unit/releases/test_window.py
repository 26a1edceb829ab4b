"""Which releases are new: day, month and year dates against the window, the window's
edges in the person's own time zone, and when a listing can stop being read."""

from __future__ import annotations

import datetime as dt

import pytest

from services.releases.window import Window, beyond, first_window, in_window, local_midnight, week_start, window_after

WINDOW = Window(dt.date(2026, 10, 23), dt.date(2026, 11, 20))
UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("day", "precision", "new"),
    [
        (dt.date(2026, 10, 23), "day", True),  # the first day
        (dt.date(2026, 10, 22), "day", False),
        (dt.date(2026, 11, 20), "day", True),  # today
        (dt.date(2026, 11, 21), "day", False),  # a pre-release: new on its day
        (dt.date(2026, 10, 1), "month", True),  # "2026-10": October overlaps the window
        (dt.date(2026, 11, 1), "month", True),
        (dt.date(2026, 9, 1), "month", False),
        (dt.date(2026, 12, 1), "month", False),
        (dt.date(2026, 1, 1), "year", False),  # "2026" reads as 1 January
        (None, "day", False),
    ],
)
def test_a_release_is_new_when_its_date_falls_in_the_window(day: dt.date | None, precision: str, new: bool) -> None:
    assert in_window(day, precision, WINDOW) is new


def test_a_year_only_date_is_new_when_1_january_is_in_the_window() -> None:
    assert in_window(dt.date(2027, 1, 1), "year", Window(dt.date(2026, 12, 20), dt.date(2027, 1, 5)))


def test_a_listing_may_stop_only_a_month_before_the_window() -> None:
    since = WINDOW.since
    assert not beyond(since - dt.timedelta(days=31), since)  # a month-only date listed below may still overlap
    assert beyond(since - dt.timedelta(days=32), since)
    assert not beyond(None, since)


@pytest.mark.parametrize(
    ("now", "zone", "today"),
    [
        (dt.datetime(2026, 11, 20, 7, 59, tzinfo=UTC), "Asia/Tokyo", dt.date(2026, 11, 20)),  # 16:59 in Tokyo
        (dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC), "Asia/Tokyo", dt.date(2026, 11, 21)),  # 00:00 in Tokyo
        (dt.datetime(2026, 11, 20, 7, 59, tzinfo=UTC), "America/Los_Angeles", dt.date(2026, 11, 19)),  # 23:59 the day before
        (dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC), "America/Los_Angeles", dt.date(2026, 11, 20)),
        (dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC), "Not/AZone", dt.date(2026, 11, 20)),  # unknown: UTC
    ],
)
def test_the_window_ends_on_the_persons_own_today(now: dt.datetime, zone: str, today: dt.date) -> None:
    window = first_window(now, zone)
    assert window.until == today and window.since == today - dt.timedelta(days=28)


def test_later_windows_look_back_a_week_before_the_last_successful_check() -> None:
    now = dt.datetime(2026, 11, 20, 12, tzinfo=UTC)
    checked = dt.datetime(2026, 11, 19, 23, 30, tzinfo=UTC)  # already the 20th in Berlin
    assert window_after(checked, now, "Europe/Berlin") == Window(dt.date(2026, 11, 13), dt.date(2026, 11, 20))
    assert window_after(None, now, "UTC") == first_window(now, "UTC")
    weeks_ago = dt.datetime(2026, 10, 1, tzinfo=UTC)  # a long outage: the window reaches back to it
    assert window_after(weeks_ago, now, "UTC").since == dt.date(2026, 9, 24)


def test_midnight_and_weeks_are_local() -> None:
    now = dt.datetime(2026, 3, 29, 12, tzinfo=UTC)  # the day Berlin's clocks go forward
    assert local_midnight(now, "Europe/Berlin") == dt.datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert week_start(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16) and week_start(dt.date(2026, 11, 16)) == dt.date(2026, 11, 16)
