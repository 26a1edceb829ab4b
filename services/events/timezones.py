"""Venue time zones: a source's own zone when given, else looked up offline from coordinates."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _finder():  # type: ignore[no-untyped-def]
    from timezonefinder import TimezoneFinder

    return TimezoneFinder(in_memory=False)


@lru_cache(maxsize=4096)
def zone_at(lat: float, lon: float) -> str | None:
    """IANA zone name at a point (offline boundary data), or None at sea or on error."""
    try:
        return _finder().timezone_at(lng=lon, lat=lat)
    except Exception:  # a missing data file must not break a search
        log.exception("time zone lookup failed at %s,%s", lat, lon)
        return None


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo | None:
    """`ZoneInfo` for a name, or None when it is empty or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def localize(local_date: date, local_time: time | None, tz_name: str | None) -> datetime:
    """The aware UTC instant of a venue-local date and time (noon when the time is unknown,
    UTC when the zone is unknown)."""
    tz = zone(tz_name) or timezone.utc
    naive = datetime.combine(local_date, local_time or time(12, 0))
    return naive.replace(tzinfo=tz).astimezone(timezone.utc)


def to_local(instant: datetime, tz_name: str | None) -> datetime:
    """An aware instant seen on the venue's clock (UTC when the zone is unknown)."""
    return instant.astimezone(zone(tz_name) or timezone.utc)
