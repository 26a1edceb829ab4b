"""The demo release schedule: whatever the date, a demo listener's feed has releases out
this week and a full four weeks behind them, and a release keeps its date for weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from services.catalog.demo import DemoSource
from services.catalog.fresh import RELEASE_EVERY_DAYS, WINDOW_DAYS, fresh_release_dates, release_order
from services.db import utcnow
from services.releases import feed
from services.releases.fetching import TTLCache
from services.releases.scan import scan_people

pytestmark = pytest.mark.calendar


@pytest.mark.parametrize("size", [1, 3, 14, 60])
def test_every_week_has_releases_and_four_weeks_hold_distinct_albums(size: int) -> None:
    pool = release_order([f"album{i}" for i in range(size)], user_id=7)
    today = utcnow().date()
    for offset in range(0, 120):  # every day of the next four months, starting from the sweep's
        day = today + dt.timedelta(days=offset)
        dates = fresh_release_dates(pool, day)
        assert dates and all(day - dt.timedelta(days=WINDOW_DAYS) < d <= day for d in dates.values())
        assert (day - max(dates.values())).days < RELEASE_EVERY_DAYS
        this_week = [d for d in dates.values() if (day - d).days < 7]
        assert len(this_week) >= min(size, 3)
        assert len(dates) == min(size, WINDOW_DAYS // RELEASE_EVERY_DAYS)


def test_a_release_keeps_its_date_until_its_next_turn() -> None:
    pool = release_order([f"album{i}" for i in range(40)], user_id=3)
    today = utcnow().date()
    before = fresh_release_dates(pool, today)
    after = fresh_release_dates(pool, today + dt.timedelta(days=9))
    kept = set(before) & set(after)
    assert kept and all(before[a] == after[a] for a in kept)
    assert release_order(pool, 3) == release_order(list(reversed(pool)), 3)  # the order is the listener's own


def test_listeners_get_different_orders() -> None:
    albums = [f"album{i}" for i in range(30)]
    assert release_order(albums, 1) != release_order(albums, 2)


async def test_a_demo_listener_has_releases_this_week_in_the_feed(make_user) -> None:  # type: ignore[no-untyped-def]
    uid = make_user()
    DemoSource(uid).ensure_library()
    counts = await scan_people([uid], cache=TTLCache(60))
    assert counts.errors == 0
    weeks = feed.weekly_feed(uid)
    today = utcnow().date()
    recent = [i for w in weeks for i in w.items if (today - i.release_date).days < 7]
    assert recent and all(i.release_date <= today for w in weeks for i in w.items)
