"""Scheduled work of the label: content posts falling due."""

from __future__ import annotations

import asyncio

from services.job_results import JobResult
from services.label.schedule import mark_due_posts
from services.scheduler import every, job


@job("label.posts_due", "Mark scheduled content posts due and notify", every(minutes=1))
async def posts_due() -> JobResult:
    """Every minute, so a post scheduled for 18:30 is announced by 18:31."""
    counts = await asyncio.to_thread(mark_due_posts)
    result = JobResult(summary=counts.summary(), done=counts.posts)
    if counts.people > counts.emails:  # the in-app notice went out; the email did not
        result.fail("the due-post email could not be sent", counts.people - counts.emails)
    return result
