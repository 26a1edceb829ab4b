"""What people read: the one formatting module's numbers, amounts, sizes, durations,
dates and times, on the clock of the right zone, and in another locale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services import formatting as fmt

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [(1234567, {}, "1,234,567"), (12.345, {"digits": 1}, "12.3"), (3, {"digits": 2}, "3.00"),
     (1234567, {"locale": "de"}, "1.234.567"), (0.5, {"digits": 1, "locale": "fr"}, "0,5")],
)
def test_numbers(value: float, kwargs: dict, expected: str) -> None:
    assert fmt.number(value, **kwargs) == expected


def test_counts_follow_the_locales_plural_rule() -> None:
    assert [fmt.count(n, "track") for n in (0, 1, 2, 1500)] == ["0 tracks", "1 track", "2 tracks", "1,500 tracks"]
    assert fmt.count(2, "person", "people") == "2 people"
    # French counts 0 and 1 as singular, English only 1.
    assert fmt.count(0, "piste", locale="fr") == "0 piste" and fmt.count(0, "track") == "0 tracks"


@pytest.mark.parametrize(
    ("amount", "currency", "digits", "expected"),
    [(1234.5, "USD", None, "$1,234.50"), (0.0123, "USD", 4, "$0.0123"), (35, "EUR", 0, "€35"),
     (1200, "JPY", None, "¥1,200"), (19.99, "GBP", 2, "£19.99"), (35, "CHF", 0, "CHF\u00a035")],
)
def test_money(amount: float, currency: str, digits: int | None, expected: str) -> None:
    assert fmt.money(amount, currency, digits=digits) == expected


def test_money_in_another_locale_moves_the_symbol() -> None:
    assert fmt.money(35, "EUR", digits=2, locale="de") == "35,00\u00a0€"


def test_sizes_use_binary_steps_and_the_largest_unit_that_fits() -> None:
    assert fmt.size(12_900_000) == "12.3 MB"
    assert fmt.size(2048) == "2.0 kB" and fmt.size(3 * 1024**3) == "3.0 GB"
    assert fmt.size(300 * 1024**2, digits=0) == "300 MB"
    assert fmt.size(512 * 1024, unit="megabyte") == "0.5 MB"
    assert fmt.size_of(12_900_000, 100 * 1024**2) == "12.3 MB of 100 MB"


def test_distances_in_km_and_miles() -> None:
    assert fmt.distance(12.34) == "12.3 km"
    assert fmt.distance(16.09344, "mi") == "10.0 mi"


@pytest.mark.parametrize(("ms", "expected"), [(0, "0:00"), (185_400, "3:05"), (-5, "0:00"), (3_723_000, "1:02:03")])
def test_clock_durations(ms: int, expected: str) -> None:
    assert fmt.clock_duration(ms) == expected


def test_spans_and_seconds() -> None:
    assert fmt.span(dt.timedelta(hours=5, minutes=7, seconds=59)) == "5 hr 7 min"
    assert fmt.span(dt.timedelta(minutes=45)) == "45 min"
    assert fmt.span(dt.timedelta(days=2, hours=3)) == "2 days 3 hr"
    assert fmt.span(dt.timedelta(seconds=20)) == "0 min"
    assert fmt.seconds(12.345) == "12.3 sec"


def test_ago_rounds_to_the_largest_unit_and_takes_naive_times_as_utc() -> None:
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert fmt.ago(None, now) == "never"
    assert fmt.ago(now - dt.timedelta(seconds=30), now) == "just now"
    assert fmt.ago(now - dt.timedelta(minutes=3), now) == "3 min. ago"
    assert fmt.ago(now - dt.timedelta(hours=2), now) == "2 hr. ago"
    assert fmt.ago(dt.datetime(2026, 11, 30, 12, 0), now) == "4 days ago"  # naive = UTC
    assert fmt.ago(now - dt.timedelta(hours=2), now, locale="de") == "vor 2 Std."


def test_dates_are_read_on_the_clock_of_the_zone() -> None:
    late = dt.datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    assert fmt.date(late) == "4 Dec 2026"
    assert fmt.date(late, "Asia/Tokyo") == "5 Dec 2026"  # already the next morning there
    assert fmt.weekday_date(late, "Asia/Tokyo") == "Sat 5 Dec 2026"
    assert fmt.date(dt.date(2026, 9, 4)) == "4 Sep 2026" and fmt.month(dt.date(2026, 9, 4)) == "Sep"
    assert fmt.day_month(dt.date(2026, 3, 1)) == "1 Mar"
    assert fmt.date(dt.date(2026, 12, 4), locale="de") == "4 Dez. 2026"


def test_date_ranges_write_the_first_year_only_when_it_differs() -> None:
    assert fmt.date_range(dt.date(2026, 3, 4), dt.date(2026, 6, 3)) == "4 Mar – 3 Jun 2026"
    assert fmt.date_range(dt.date(2026, 12, 4), dt.date(2027, 3, 3)) == "4 Dec 2026 – 3 Mar 2027"


def test_times_and_date_times_across_a_daylight_saving_change() -> None:
    winter = dt.datetime(2026, 1, 15, 19, 5, 9)  # naive: UTC
    summer = dt.datetime(2026, 7, 15, 19, 5, 9, tzinfo=UTC)
    assert fmt.time(winter) == "19:05" and fmt.time(winter, with_seconds=True) == "19:05:09"
    assert fmt.time(winter, "Europe/Berlin") == "20:05" and fmt.time(summer, "Europe/Berlin") == "21:05"
    assert fmt.date_time(winter) == "15 Jan 2026, 19:05 UTC"
    assert fmt.date_time(summer, "Europe/Berlin", weekday=True) == "Wed 15 Jul 2026, 21:05 CEST"
    assert fmt.date_time(winter, ZoneInfo("America/New_York"), with_zone=False) == "15 Jan 2026, 14:05"
    assert fmt.zone_name(summer, "America/New_York") == "EDT"
    assert fmt.time(dt.time(9, 5)) == "09:05"


def test_an_aware_value_keeps_its_own_clock_without_a_zone() -> None:
    evening = dt.datetime(2026, 12, 4, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert fmt.date_time(evening) == "4 Dec 2026, 20:00 CET"


def test_percent_of() -> None:
    assert (fmt.percent_of(1, 3), fmt.percent_of(5, 4), fmt.percent_of(0, 0), fmt.percent_of(-1, 4)) == (33, 100, 100, 0)
