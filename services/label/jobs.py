"""Scheduled work of the label: content posts falling due."""

from __future__ import annotations

import asyncio

from services.label.schedule import mark_due_posts
from services.scheduler import every, job


@job("label.posts_due", "Mark scheduled content posts due and notify", every(minutes=1))
async def posts_due() -> str:
    """Every minute, so a post scheduled for 18:30 is announced by 18:31."""
    counts = await asyncio.to_thread(mark_due_posts)
    return counts.summary()
