"""Scheduled work of the release feed: the scan every few hours, the release-day scans
shortly after each person's midnight, and digests as they fall due. Each returns a
`JobResult`, so a run that failed for some artists or people says so (and to whom)."""

from __future__ import annotations

import asyncio

from services.db import utcnow
from services.job_results import JobResult
from services.releases.digests import DIGEST_JOB, send_due_digests
from services.releases.release_day import due_people
from services.releases.scan import scan_people
from services.releases.status import RELEASE_DAY_JOB, SCAN_JOB
from services.releases.store import delete_orphan_releases
from services.scheduler import every, job


@job(SCAN_JOB, "Scan followed artists for new releases", every(hours=3))
async def scan_releases() -> JobResult:
    """Everyone watching releases; new ones are pushed to open pages by the scan."""
    return (await scan_people()).result()


@job(RELEASE_DAY_JOB, "Scan at each person's midnight on release days", every(minutes=5))
async def release_day_scans() -> JobResult:
    """People whose release day has just begun where they live, with fresh listings."""
    due = await asyncio.to_thread(due_people, utcnow())
    if not due.user_ids:
        return JobResult(summary="nobody's release day has just begun")
    counts = await scan_people(due.user_ids, fresh_after=due.fresh_after)
    return counts.result()


@job("releases.cleanup", "Remove releases no feed links to any more", every(hours=1))
def remove_orphan_releases() -> JobResult:
    """After a Disconnect (or unfollows), the shared release rows nobody links to go too."""
    removed = delete_orphan_releases(utcnow())
    return JobResult(summary=f"{removed} releases no feed links to removed", done=removed)


@job(DIGEST_JOB, "Send release digests that are due", every(minutes=10))
async def send_digests() -> JobResult:
    """Digests are planned per person on the hour in their time zone; every ten minutes is on time."""
    return (await asyncio.to_thread(send_due_digests)).result()
