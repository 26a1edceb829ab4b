"""Party housekeeping: mark silent members absent, advance rooms whose track ended,
end rooms nobody has been in for hours.

The web layer drives the clock precisely (a timer per room at `now_playing.ends_at`);
this job is the backstop that keeps rooms moving when no page is open.
"""

from __future__ import annotations

from services.party.playback import advance_due_rooms
from services.party.presence import stale_cleanup
from services.job_results import JobResult
from services.party.manage import end_abandoned_rooms
from services.scheduler import every, job


@job("party.housekeeping", "Party rooms: presence clean-up and auto-play backstop", every(seconds=30))
def party_housekeeping() -> JobResult:
    gone = stale_cleanup()
    advanced = advance_due_rooms()
    ended = end_abandoned_rooms()
    return JobResult(summary=f"{len(gone)} rooms with people gone, {len(advanced)} advanced, {len(ended)} abandoned rooms ended",
                     done=len(gone) + len(advanced) + len(ended))
