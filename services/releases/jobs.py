"""Scheduled work of the release feed: the scan every few hours, digests as they fall due."""

from __future__ import annotations

import asyncio

from services.releases.digests import send_due_digests
from services.releases.scan import scan_people
from services.scheduler import every, job


@job("releases.scan", "Scan followed artists for new releases", every(hours=3))
async def scan_releases() -> str:
    """Everyone watching releases; new ones are pushed to open pages by the scan."""
    counts = await scan_people()
    return counts.summary()


@job("releases.digests", "Send release digests that are due", every(minutes=10))
async def send_digests() -> str:
    """Digests are planned per person on the hour in their time zone; every ten minutes is on time."""
    counts = await asyncio.to_thread(send_due_digests)
    return counts.summary()
