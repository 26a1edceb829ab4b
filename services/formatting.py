"""How the app writes numbers, amounts, sizes, distances, durations, dates and times for people.

One module, built on `babel` (CLDR data), so every page says "4 Dec 2026", "1,234",
"€35" or "12.3 MB" the same way and a locale can be added later: every function
takes `locale` (default `DEFAULT_LOCALE`). What the locale decides: month and
weekday names, digits and separators, currency symbols, plural rules, unit words.
What the house decides: the date and time patterns below (day first, 24-hour
clock); a locale that wants another order gets its own patterns here.

Times are time-zone aware: a naive `datetime` is taken as UTC (what the database
stores), and `zone` (an IANA name or a tzinfo) says whose clock to show; without
one a value is shown on its own clock.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, format_timedelta
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.units import format_unit

DEFAULT_LOCALE = "en"

# House patterns (CLDR date-pattern syntax); the locale supplies the names.
DATE = "d MMM y"  # 4 Dec 2026
DAY_MONTH = "d MMM"  # 4 Dec
WEEKDAY_DATE = "EEE d MMM y"  # Fri 4 Dec 2026
MONTH = "MMM"  # Dec
TIME = "HH:mm"  # 20:05
TIME_SECONDS = "HH:mm:ss"  # 20:05:09

# Words CLDR has no standard phrase for; a new locale adds its own here.
_PHRASES: dict[str, dict[str, str]] = {
    "en": {"just_now": "just now", "never": "never", "of": "{used} of {limit}", "between": "{start} – {end}"},
}

Zone = str | dt.tzinfo | None
SizeUnit = Literal["byte", "kilobyte", "megabyte", "gigabyte"]
_SIZE_STEPS: tuple[tuple[SizeUnit, int], ...] = (("gigabyte", 1024**3), ("megabyte", 1024**2), ("kilobyte", 1024), ("byte", 1))
MB = 1024**2  # sizes count in binary units, as the app's quotas (set in MB) do
_KM_PER_MILE = 1.609344


def _phrase(key: str, locale: str) -> str:
    return _PHRASES.get(Locale.parse(locale).language, _PHRASES["en"])[key]


def _tz(zone: str | dt.tzinfo) -> dt.tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def aware(value: dt.datetime) -> dt.datetime:
    """`value` with a time zone: a naive datetime is UTC (how the database stores them)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def local(value: dt.datetime, zone: Zone = None) -> dt.datetime:
    """`value` on the clock of `zone`; without one, on its own clock (UTC for a naive value)."""
    return aware(value) if zone is None or zone == "" else aware(value).astimezone(_tz(zone))


# --------------------------------------------------------------------------- numbers


def number(value: int | float, *, digits: int | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """1,234 — or 12.3 with `digits=1` (fixed decimals)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=locale)


def count(n: int, one: str, other: str | None = None, *, locale: str = DEFAULT_LOCALE) -> str:
    """"1 track", "5 tracks": the noun follows the locale's plural rule (`other` defaults to `one` + "s")."""
    word = one if Locale.parse(locale).plural_form(n) == "one" else (other if other is not None else one + "s")
    return f"{number(n, locale=locale)} {word}"


def percent_of(part: float, whole: float) -> int:
    """0-100 for a bar: how much of `whole` `part` is (a whole of 0 is full)."""
    return min(100, max(0, round(100 * part / whole))) if whole else 100


def money(amount: float | Decimal, currency: str, *, digits: int | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """"$1,234.50", "€35", "$0.0123" (`digits` fixes the decimals; by default the currency's own)."""
    if digits is None:
        text = format_currency(amount, currency, locale=locale)
    else:  # the locale's own pattern (where the symbol goes), with these decimals
        pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
        pattern.frac_prec = (digits, digits)
        text = pattern.apply(amount, locale, currency=currency, currency_digits=False)
    symbol = get_currency_symbol(currency, locale=locale)
    if symbol[-1:].isalpha() and text.startswith(symbol) and not text[len(symbol):][:1].isspace():
        text = f"{symbol}\u00a0{text[len(symbol):]}"  # CLDR's currency spacing: "CHF 35", not "CHF35"
    return text


def size(n_bytes: int, *, unit: SizeUnit | None = None, digits: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """"12.3 MB" (binary steps: 1 MB = 1024 kB); `unit` fixes the unit, else the largest that fits."""
    if unit is None:
        unit = next((name for name, step in _SIZE_STEPS if abs(n_bytes) >= step), "byte")
    step = dict(_SIZE_STEPS)[unit]
    shown = n_bytes / step
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 and unit != "byte" else "")
    if unit == "byte":
        return format_unit(n_bytes, "digital-byte", length="short", format="#,##0", locale=locale)
    return format_unit(shown, f"digital-{unit}", length="short", format=pattern, locale=locale)


def size_of(used_bytes: int, limit_bytes: int, *, locale: str = DEFAULT_LOCALE) -> str:
    """"12.3 MB of 100 MB": a use against its limit (the limit in whole units)."""
    return _phrase("of", locale).format(
        used=size(used_bytes, unit="megabyte", locale=locale),
        limit=size(limit_bytes, unit="megabyte", digits=0, locale=locale),
    )


def distance(km: float, unit: Literal["km", "mi"] = "km", *, digits: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """"12.3 km" or "7.6 mi" for a distance given in km."""
    value = km if unit == "km" else km / _KM_PER_MILE
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_unit(value, "length-kilometer" if unit == "km" else "length-mile", length="short",
                       format=pattern, locale=locale)


# --------------------------------------------------------------------------- durations


def clock_duration(ms: int) -> str:
    """A track or take length: "3:05", "1:02:03" (an hour or more)."""
    seconds = max(0, int(ms) // 1000)
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


def span(value: dt.timedelta, *, locale: str = DEFAULT_LOCALE) -> str:
    """A stretch of time in hours and minutes: "5 hr 12 min", "45 min", "2 days 3 hr"."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "duration-day"), (hours, "duration-hour"), (mins, "duration-minute")]
    shown = [format_unit(n, unit, length="short", locale=locale) for n, unit in parts if n]
    return format_list(shown or [format_unit(0, "duration-minute", length="short", locale=locale)],
                       style="unit-narrow", locale=locale)


def seconds(value: float, *, digits: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """A measured time: "12.3 sec"."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_unit(value, "duration-second", length="short", format=pattern, locale=locale)


def ago(then: dt.datetime | None, now: dt.datetime, *, locale: str = DEFAULT_LOCALE) -> str:
    """How long ago, roughly: "just now", "3 min. ago", "2 hr. ago", "4 days ago" ("never" for None)."""
    if then is None:
        return _phrase("never", locale)
    delta = aware(now) - aware(then)
    if delta < dt.timedelta(minutes=1):
        return _phrase("just_now", locale)
    return format_timedelta(-delta, add_direction=True, format="short", locale=locale)


# --------------------------------------------------------------------------- dates and times


def date(value: dt.date | dt.datetime, zone: Zone = None, *, locale: str = DEFAULT_LOCALE) -> str:
    """"4 Dec 2026" (a datetime is read on the clock of `zone`)."""
    day = local(value, zone).date() if isinstance(value, dt.datetime) else value
    return format_date(day, DATE, locale=locale)


def day_month(value: dt.date | dt.datetime, zone: Zone = None, *, locale: str = DEFAULT_LOCALE) -> str:
    """"4 Dec"."""
    day = local(value, zone).date() if isinstance(value, dt.datetime) else value
    return format_date(day, DAY_MONTH, locale=locale)


def weekday_date(value: dt.date | dt.datetime, zone: Zone = None, *, locale: str = DEFAULT_LOCALE) -> str:
    """"Fri 4 Dec 2026"."""
    day = local(value, zone).date() if isinstance(value, dt.datetime) else value
    return format_date(day, WEEKDAY_DATE, locale=locale)


def month(value: dt.date, *, locale: str = DEFAULT_LOCALE) -> str:
    """"Dec": the month's short name."""
    return format_date(value, MONTH, locale=locale)


def date_range(start: dt.date, end: dt.date, *, locale: str = DEFAULT_LOCALE) -> str:
    """"4 Dec – 3 Mar 2027" (the first year is written only when the years differ)."""
    first = date(start, locale=locale) if start.year != end.year else day_month(start, locale=locale)
    return _phrase("between", locale).format(start=first, end=date(end, locale=locale))


def time(value: dt.time | dt.datetime, zone: Zone = None, *, with_seconds: bool = False,
         locale: str = DEFAULT_LOCALE) -> str:
    """"20:05" (24-hour clock; a datetime is read on the clock of `zone`)."""
    pattern = TIME_SECONDS if with_seconds else TIME
    if isinstance(value, dt.datetime):
        return format_datetime(local(value, zone), pattern, locale=locale)
    return format_time(value, pattern, locale=locale)


def zone_name(value: dt.datetime, zone: Zone = None) -> str:
    """The zone's abbreviation at that moment ("CET", "EST", "UTC"), as the tz database writes it."""
    return local(value, zone).tzname() or ""


def date_time(value: dt.datetime, zone: Zone = None, *, weekday: bool = False, with_seconds: bool = False,
              with_zone: bool = True, locale: str = DEFAULT_LOCALE) -> str:
    """"4 Dec 2026, 20:05 UTC" on the clock of `zone` (`weekday` adds "Fri", `with_zone` the zone)."""
    moment = local(value, zone)
    day = weekday_date(moment, locale=locale) if weekday else date(moment, locale=locale)
    text = f"{day}, {time(moment, with_seconds=with_seconds, locale=locale)}"
    return f"{text} {zone_name(moment)}" if with_zone else text
