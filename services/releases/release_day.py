"""Release-day scans: new music comes out at midnight local time on release days
(Friday), so each person is scanned shortly after *their* midnight on those days,
not only on the every-few-hours schedule. The job runs every few minutes; whoever's
local clock has passed 00:05 on a release day and was not scanned since their
midnight is due. Listings read before that midnight are not reused for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from services.db import as_utc, session_scope
from services.releases.models import DigestSubscription, ReleasePrefs, ReleaseWatch
from services.releases.people import zone_of
from services.releases.window import is_release_day, local_midnight, zone

AFTER_MIDNIGHT = dt.timedelta(minutes=5)  # let the stores publish the day's releases


@dataclass(frozen=True)
class DueScan:
    """People due for their release-day scan, and the latest of their midnights (UTC): a
    listing read before it may predate someone's release day."""

    user_ids: list[int]
    fresh_after: dt.datetime | None


def is_due(now: dt.datetime, time_zone: str, last_scan_at: dt.datetime | None) -> bool:
    """Whether someone in `time_zone` last scanned at `last_scan_at` is due now."""
    local = now.astimezone(zone(time_zone))
    if not is_release_day(local.date()):
        return False
    midnight = local_midnight(now, time_zone)
    return now >= midnight + AFTER_MIDNIGHT and (last_scan_at is None or last_scan_at < midnight)


def due_people(now: dt.datetime) -> DueScan:
    """Everyone watching whose release-day scan is due now."""
    with session_scope() as db:
        watches = db.exec(select(ReleaseWatch.user_id, ReleaseWatch.last_scan_at)).all()
        zones = dict(db.exec(select(ReleasePrefs.user_id, ReleasePrefs.time_zone)).all())
        digest_zones = dict(db.exec(select(DigestSubscription.user_id, DigestSubscription.time_zone)).all())
    due: list[int] = []
    midnights: list[dt.datetime] = []
    for user_id, last in watches:
        name = zone_of(zones.get(user_id), digest_zones.get(user_id))
        if is_due(now, name, as_utc(last)):
            due.append(user_id)
            midnights.append(local_midnight(now, name))
    return DueScan(sorted(due), max(midnights) if midnights else None)
