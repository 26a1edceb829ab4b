"""The scan's windows as people notice them: a month-only date listed below older releases
is still found, a failed artist is looked at again as far back as needed, editions found
in later scans never make a second card, a release shows up on its day in the person's
own time zone, appearances are opt-in, and release-day scans read fresh listings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import select

from services.db import session_scope, utcnow
from services.releases import feed, scan
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.models import Release, ReleasePrefs
from services.releases.status import UNREADABLE
from tests.unit.releases.memory_source import MemorySource, World, album

NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc)  # a Friday
TODAY = NOW.date()
FAST = RetryPolicy(attempts=2, base=0.001, cap=0.01)


def titles(user_id: int) -> list[str]:
    return sorted(i.title for week in feed.weekly_feed(user_id) for i in week.items)


async def run(world: World, ids: list[int], now: dt.datetime = NOW, cache: TTLCache | None = None, **kw: object) -> scan.ScanCounts:
    return await scan.scan_people(ids, source_for=lambda uid: MemorySource(world, uid), cache=cache if cache is not None else TTLCache(3600),
                                  policy=FAST, now=now, **kw)  # type: ignore[arg-type]


async def test_a_month_only_release_listed_below_older_ones_is_still_found(make_user: Callable[[str], int]) -> None:
    w = World()
    since = TODAY - dt.timedelta(days=28)  # 23 Oct
    older = [album(f"o{i}", f"Older {i}", "x", "X", since - dt.timedelta(days=1 + i)) for i in range(10)]
    month_only = album("m", "Month Only", "x", "X", dt.date(2026, 10, 1), precision="month")  # listed as 1 Oct
    ancient = [album(f"a{i}", f"Ancient {i}", "x", "X", dt.date(2020, 1, 1 + i)) for i in range(15)]
    w.add_artist("x", "X", [*older, month_only, *ancient])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["x"]
    await run(w, [ana])
    # Page one ends on 13 Oct, older than the window but within a month of it: page two is read.
    assert titles(ana) == ["Month Only"] and w.calls_to("albums", "x") == 3  # albums x2, then the singles


async def test_a_failed_artist_is_looked_at_again_as_far_back_as_needed(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x1", "While It Failed", "x", "X", dt.date(2026, 11, 3))])
    w.add_artist("y", "Y", [album("y1", "Seen In Time", "y", "Y", dt.date(2026, 11, 3))])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["x", "y"]
    w.failing_artists.add("x")
    await run(w, [ana], now=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    await run(w, [ana], now=dt.datetime(2026, 11, 12, tzinfo=dt.timezone.utc))
    assert titles(ana) == ["Seen In Time"]
    w.failing_artists.clear()
    counts = await run(w, [ana], now=NOW)  # 17 days after its release: past a week of grace
    assert titles(ana) == ["Seen In Time", "While It Failed"] and counts.outcomes[ana].failed == 0


async def test_editions_found_by_later_scans_never_make_a_second_card(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x1", "Record", "x", "X", dt.date(2026, 11, 10))])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["x"]
    await run(w, [ana], now=dt.datetime(2026, 11, 12, tzinfo=dt.timezone.utc))
    w.add_artist("x", "X", [album("x2", "Record (Deluxe Edition)", "x", "X", dt.date(2026, 11, 28), tracks=16),
                            album("x3", "Record", "x", "X", dt.date(2026, 11, 28))])  # and a clean one
    await run(w, [ana], now=dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc))
    later = await run(w, [ana], now=dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc))  # only the deluxe is in this window
    [card] = [i for week in feed.weekly_feed(ana) for i in week.items]
    assert (card.title, card.release_date, card.total_tracks) == ("Record", dt.date(2026, 11, 10), 16)
    assert later.releases_found == 0
    with session_scope() as db:
        row = db.exec(select(Release)).one()
        assert set(row.edition_ids.split(",")) == {"x1", "x2", "x3"}


async def test_a_release_shows_up_on_its_day_where_the_person_lives(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x1", "Friday Release", "x", "X", dt.date(2026, 11, 21))])
    utc, kiribati = make_user("utc@x.test"), make_user("kiritimati@x.test")
    with session_scope() as db:
        db.add(ReleasePrefs(user_id=kiribati, time_zone="Pacific/Kiritimati"))  # UTC+14: already Saturday 02:00
    w.follows[utc] = w.follows[kiribati] = ["x"]
    await run(w, [utc, kiribati])
    assert titles(utc) == [] and titles(kiribati) == ["Friday Release"]
    await run(w, [utc], now=NOW + dt.timedelta(hours=12))  # midnight in London
    assert titles(utc) == ["Friday Release"]


async def test_appearances_are_read_only_for_people_who_ask(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x1", "Own Single", "x", "X", TODAY, album_type="single", tracks=1),
                            album("va", "Winter Hits", "va", "Various Artists", TODAY, album_type="compilation",
                                  group="appears_on", others=(("x", "X"),))])
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    w.follows[ana] = w.follows[bo] = ["x"]
    feed.update_prefs(bo, feed.Prefs(include_appearances=True))
    await run(w, [ana, bo])
    assert titles(ana) == ["Own Single"] and titles(bo) == ["Own Single", "Winter Hits"]
    assert w.calls_to("albums", "x") == 1  # one read with every group anyone wants


async def test_a_release_day_scan_reads_fresh_listings(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x0", "Earlier", "x", "X", TODAY - dt.timedelta(days=3))])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["x"]
    cache: TTLCache = TTLCache(3600)
    await run(w, [ana], cache=cache)
    w.add_artist("x", "X", [album("x1", "At Midnight", "x", "X", TODAY)])
    await run(w, [ana], cache=cache)  # served from the cache: the new one is not seen yet
    assert titles(ana) == ["Earlier"]
    await run(w, [ana], cache=cache, fresh_after=utcnow())
    assert titles(ana) == ["At Midnight", "Earlier"] and w.calls_to("albums", "x") == 2


async def test_unreadable_records_are_skipped_counted_and_noted(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("x", "X", [album("x1", "Fine", "x", "X", TODAY)])
    w.skipped["x"] = 2
    ana = make_user("ana@x.test")
    w.follows[ana] = ["x"]
    counts = await run(w, [ana])
    assert titles(ana) == ["Fine"] and counts.skipped_records == 2
    result = counts.result()
    assert result.status == "partial" and result.reasons[UNREADABLE] == 2
    mine = counts.outcomes[ana]
    assert (mine.done, mine.failed, mine.reasons[UNREADABLE]) == (1, 0, 2)
