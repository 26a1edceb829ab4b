"""The playback clock as pure functions of stored times and an injected `now`."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

# When auto-play notices a track ended no later than this, the next track starts
# exactly at the old end (no drift); later than this (say after a restart), it
# starts now, so a queue never plays through while nobody was listening.
CONTINUITY_GRACE = timedelta(seconds=5)


def position_ms(started_at: datetime | None, paused_at: datetime | None, duration_ms: int, now: datetime) -> int:
    """How far into the track we are, clamped to [0, duration]."""
    if started_at is None:
        return 0
    at = paused_at or now
    elapsed = int((at - started_at).total_seconds() * 1000)
    return max(0, min(elapsed, max(duration_ms, 0)))


def ends_at(started_at: datetime | None, paused_at: datetime | None, duration_ms: int) -> datetime | None:
    """When the track will end if nobody pauses it; None when idle or paused."""
    if started_at is None or paused_at is not None:
        return None
    return started_at + timedelta(milliseconds=max(duration_ms, 0))


def has_ended(started_at: datetime | None, paused_at: datetime | None, duration_ms: int, now: datetime) -> bool:
    """A playing (not paused) track whose time is up."""
    end = ends_at(started_at, paused_at, duration_ms)
    return end is not None and now >= end


def next_start(previous_end: datetime | None, now: datetime, grace: timedelta = CONTINUITY_GRACE) -> datetime:
    """Start of the next track: the previous end if we are on time, else now."""
    if previous_end is not None and previous_end <= now <= previous_end + grace:
        return previous_end
    return now


def resumed_start(started_at: datetime, paused_at: datetime, now: datetime) -> datetime:
    """Shift the start by the paused time so the position carries on where it stopped."""
    return started_at + (now - paused_at)


def skip_votes_needed(present: int, threshold: float) -> int:
    """Votes needed to skip: more than `threshold` of the people present.

    At least one vote, and never more than everyone present (a threshold of 1.0
    means "everyone").
    """
    present = max(present, 0)
    needed = math.floor(threshold * present + 1e-9) + 1
    return max(1, min(needed, present))
