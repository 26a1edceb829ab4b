"""How the last scan went for one person, in their words and their time zone:
"Couldn't check 12 of 137 artists: Spotify refused the request. Next try at 14:00."

Read from the scan jobs' per-person outcomes (`services.job_results`), so the feed
never says "nothing new" after a scan that did not succeed for this person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services import job_results, job_status
from services.db import utcnow
from services.job_results import PersonOutcome
from services.releases.window import zone

SCAN_JOB = "releases.scan"
RELEASE_DAY_JOB = "releases.release_day"
SCAN_JOBS = (SCAN_JOB, RELEASE_DAY_JOB)
UNREADABLE = "unreadable release record skipped"


@dataclass(frozen=True)
class ScanStatus:
    """`state` is "never" (not scanned yet), "ok", "partial" or "failed"; `message` says
    what went wrong and when the next try is ("" when all went well)."""

    state: str
    message: str = ""
    note: str = ""  # something worth knowing after a scan that went well
    finished_at: dt.datetime | None = None

    @property
    def trustworthy(self) -> bool:
        """Whether an empty feed may honestly say "nothing new"."""
        return self.state == "ok"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def when_text(at: dt.datetime, now: dt.datetime, time_zone: str) -> str:
    """"at 14:00", "tomorrow at 00:05" or "on Fri 21 Nov at 09:00", on the person's clock."""
    tz = zone(time_zone)
    local, today = at.astimezone(tz), now.astimezone(tz).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"at {clock}"
    if local.date() == today + dt.timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"on {local:%a} {local.day} {local:%b} at {clock}"


def describe(outcome: PersonOutcome | None, next_try: dt.datetime | None, now: dt.datetime, time_zone: str) -> ScanStatus:
    """The status sentence for this outcome (pure: tested without a database)."""
    if outcome is None:
        return ScanStatus("never")
    failures = [(r, n) for r, n in outcome.reasons if r != UNREADABLE]
    skipped = sum(n for r, n in outcome.reasons if r == UNREADABLE)
    note = f"{_plural(skipped, 'release')} Spotify sent could not be read and {'was' if skipped == 1 else 'were'} skipped." if skipped else ""
    if outcome.ok or not outcome.failed:
        return ScanStatus("ok", note=note, finished_at=outcome.finished_at)
    reason = failures[0][0] if failures else "something went wrong"
    if outcome.done <= 0:
        text = f"Couldn't check your artists: {reason}."
    else:
        text = f"Couldn't check {outcome.failed} of {outcome.done + outcome.failed} artists: {reason}."
    if next_try is not None and next_try > now:
        text += f" Next try {when_text(next_try, now, time_zone)}."
    return ScanStatus(outcome.status, text, note, outcome.finished_at)


def scan_status(user_id: int, time_zone: str, now: dt.datetime | None = None) -> ScanStatus:
    """The person's latest scan outcome, with the next scheduled scan as the next try."""
    return describe(job_results.person_outcome(user_id, SCAN_JOBS), job_status.next_run_at(SCAN_JOB),
                    now or utcnow(), time_zone)
