"""The calendar sweep: fixed instants at which every date-sensitive test also runs.

A test (or module) marked `@pytest.mark.calendar` runs once per instant below with the
clock frozen there (`time-machine`), so a test that passes today cannot fail on another
day. `SBM_FROZEN_AT=<ISO instant>` freezes (and ticks) the clock for a whole run, e.g.
`make test-sweep`, which runs the unit, state and contract tests at every instant.
"""

from __future__ import annotations

from datetime import datetime, timezone


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


SWEEP: dict[str, datetime] = {
    # The year turns in Tokyo while it is still the old year in New York and UTC.
    "new-year": _utc("2026-12-31T23:30:00"),
    "leap-day": _utc("2028-02-29T12:00:00"),
    # Europe springs forward at 01:00 UTC on the last Sunday of March: 30 minutes before.
    "eu-dst-start": _utc("2027-03-28T00:30:00"),
    # Europe falls back at 01:00 UTC on the last Sunday of October: 30 minutes after.
    "eu-dst-end": _utc("2027-10-31T01:30:00"),
    # The US springs forward at 02:00 local (07:00 UTC in New York): that morning.
    "us-dst-start": _utc("2027-03-14T09:30:00"),
    # The US falls back at 02:00 local: 01:30 EDT, the hour that happens twice.
    "us-dst-end": _utc("2027-11-07T05:30:00"),
    # The last evening of a 180-day demo tour cycle (epoch 2024-01-01 + 7 x 180 - 1 days).
    "tour-cycle-end": _utc("2027-06-13T21:00:00"),
}
