"""The scan as people notice it: their artists' new releases appear, shared artists are
fetched once, slow-downs are respected, and one failure never spoils the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlmodel import select

from services import live
from services.db import session_scope
from services.releases import feed, scan
from services.releases.fetching import RequestPool, RetryPolicy, TTLCache
from services.releases.models import FollowedArtist
from tests.unit.releases.memory_source import MemorySource, World, album

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
FAST = RetryPolicy(attempts=4, base=0.001, cap=0.01)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def titles(user_id: int) -> list[str]:
    return sorted(i.title for week in feed.weekly_feed(user_id) for i in week.items)


@pytest.fixture
def world() -> World:
    w = World()
    w.add_artist("lorde", "Lorde", [
        album("l1", "Virgin", "lorde", "Lorde", days_ago(3)),
        album("l1b", "Virgin (Explicit)", "lorde", "Lorde", days_ago(3)),
        album("l2", "Solar Power", "lorde", "Lorde", days_ago(400)),
    ])
    w.add_artist("robyn", "Robyn", [
        album("r1", "Dancing On My Own (Remix)", "robyn", "Robyn", days_ago(10), album_type="single", tracks=1),
        album("r2", "Honey", "robyn", "Robyn", days_ago(60)),
    ])
    w.add_artist("mitski", "Mitski", [album("m1", "Land Is Inhospitable", "mitski", "Mitski", days_ago(20))])
    return w


async def run(world: World, ids: list[int], cache: TTLCache | None = None, **kw: object) -> scan.ScanCounts:
    return await scan.scan_people(
        ids, source_for=lambda uid: MemorySource(world, uid), cache=cache if cache is not None else TTLCache(3600), policy=FAST, now=kw.pop("now", NOW), **kw  # type: ignore[arg-type]
    )


async def test_first_scan_finds_the_past_four_weeks_with_editions_merged(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde", "robyn", "mitski"]
    counts = await run(world, [ana])
    assert titles(ana) == ["Dancing On My Own (Remix)", "Land Is Inhospitable", "Virgin"]
    assert counts.releases_found == 3 and counts.errors == 0 and counts.people == 1


async def test_an_artist_followed_by_many_is_fetched_once(world: World, make_user: Callable[[str], int]) -> None:
    people = [make_user(f"p{i}@x.test") for i in range(5)]
    for uid in people:
        world.follows[uid] = ["lorde", "robyn"]
    world.follows[people[0]] = ["lorde", "robyn", "mitski"]
    counts = await run(world, people)
    assert world.calls_to("albums", "lorde") == 1 and world.calls_to("albums", "robyn") == 1
    assert counts.artists == 3 and counts.artists_fetched == 3
    assert counts.api_calls == 5 + 3  # one followed-artists page per person + one album page per artist
    assert all("Virgin" in titles(uid) for uid in people)
    assert "Land Is Inhospitable" in titles(people[0]) and "Land Is Inhospitable" not in titles(people[1])


async def test_the_cache_serves_a_later_scan_within_its_lifetime(world: World, make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    world.follows[ana] = world.follows[bo] = ["lorde"]
    cache: TTLCache = TTLCache(3600)
    await run(world, [ana], cache)
    counts = await run(world, [bo], cache)
    assert world.calls_to("albums", "lorde") == 1 and counts.cache_hits == 1 and "Virgin" in titles(bo)


async def test_a_later_scan_adds_only_what_is_new(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde"]
    await run(world, [ana])
    world.add_artist("lorde", "Lorde", [album("l3", "What Was That", "lorde", "Lorde", TODAY)])
    later = NOW + dt.timedelta(hours=3)
    counts = await run(world, [ana], now=later)
    assert counts.releases_found == 1
    assert titles(ana) == ["Virgin", "What Was That"]


async def test_new_releases_are_pushed_to_the_persons_open_pages(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde"]
    got: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        got.append(change)

    live.subscribe("releases", listener)
    try:
        await run(world, [ana])
        await run(world, [ana], now=NOW + dt.timedelta(hours=3))  # nothing new: no push
    finally:
        live._listeners["releases"].remove(listener)
    assert [(c.user_id, c.data["new"]) for c in got] == [(ana, 1)]


async def test_one_failing_artist_and_one_failing_person_do_not_stop_the_scan(world: World, make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    world.follows[ana] = ["lorde", "mitski"]
    world.follows[bo] = ["lorde"]
    world.failing_artists.add("mitski")
    world.failing_people.add(bo)
    counts = await run(world, [ana, bo])
    assert titles(ana) == ["Virgin"]
    assert counts.errors == 2 and counts.people_failed == 1 and counts.artists_failed == 1
    assert world.calls_to("albums", "mitski") == FAST.attempts  # 5xx retried, then given up
    assert counts.outcomes[ana].done == 1 and dict(counts.outcomes[ana].reasons) == {"Spotify was unavailable": 1}
    assert counts.outcomes[bo].done == 0 and dict(counts.outcomes[bo].reasons) == {"Spotify refused the request": 1}
    result = counts.result()
    assert result.status == "partial" and result.reasons["Spotify was unavailable"] == 1
    assert result.reasons["followed artists: Spotify refused the request"] == 1


async def test_when_one_followers_access_is_refused_another_followers_is_used(world: World, make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    world.follows[ana] = world.follows[bo] = ["lorde"]
    world.forbidden_people.add(ana)
    counts = await run(world, [ana, bo])
    assert counts.errors == 0 and titles(ana) == titles(bo) == ["Virgin"]


async def test_server_errors_are_retried_until_they_pass(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde"]
    world.flaky_artists["lorde"] = 2
    counts = await run(world, [ana])
    assert titles(ana) == ["Virgin"] and counts.retries == 2 and counts.errors == 0


async def test_retry_after_pauses_every_request_for_as_long_as_asked(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde", "robyn", "mitski"]
    world.rate_limit_first["lorde"] = 30
    clock = {"t": 0.0}
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    async with RequestPool(4, FAST, sleep=fake_sleep, clock=lambda: clock["t"]) as pool:
        counts = await run(world, [ana], pool=pool)
    assert counts.rate_limited == 1 and counts.errors == 0
    assert sum(slept) >= 30  # the whole pool waited out Retry-After
    assert "Virgin" in titles(ana)


async def test_a_short_retry_after_delays_only_the_refused_request(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde", "robyn", "mitski"]
    world.rate_limit_first["lorde"] = 2
    clock = {"t": 0.0}
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    async with RequestPool(4, FAST, sleep=fake_sleep, clock=lambda: clock["t"]) as pool:
        counts = await run(world, [ana], pool=pool)
    assert slept == [2.0] and pool.pause_until == 0.0  # the retry waited; nobody else was held up
    assert counts.rate_limited == 1 and counts.errors == 0 and "Virgin" in titles(ana)


async def test_a_retry_after_longer_than_we_wait_fails_that_artist_only(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde", "mitski"]
    world.rate_limit_first["lorde"] = 3600
    counts = await run(world, [ana])
    assert counts.errors == 1 and titles(ana) == ["Land Is Inhospitable"]


async def test_blocked_artists_are_not_fetched_and_saved_track_artists_are_opt_in(world: World, make_user: Callable[[str], int]) -> None:
    from services.catalog.types import Track

    ana = make_user("ana@x.test")
    world.follows[ana] = ["lorde", "robyn"]
    world.saved[ana] = [Track(id=f"t{i}", name="x", artist_ids=("mitski",), artist_names=("Mitski",)) for i in range(3)]
    feed.block_artist(ana, "robyn", "Robyn")
    await run(world, [ana])
    assert world.calls_to("albums", "robyn") == 0 and world.calls_to("saved") == 0
    assert titles(ana) == ["Virgin"]

    feed.update_prefs(ana, feed.Prefs(include_saved_artists=True, saved_min_tracks=3))
    await run(world, [ana], now=NOW + dt.timedelta(hours=1))
    assert "Land Is Inhospitable" in titles(ana)
    with session_scope() as s:
        origin = {a.artist_id for a in s.exec(select(FollowedArtist).where(FollowedArtist.user_id == ana)).all()}
    assert origin == {"lorde", "mitski"}


async def test_paging_stops_once_only_old_releases_remain(make_user: Callable[[str], int]) -> None:
    w = World()
    albums = [album("n1", "Brand New", "big", "Big", days_ago(1))]
    albums += [album(f"o{i}", f"Old {i}", "big", "Big", days_ago(100 + i)) for i in range(29)]
    albums += [album(f"s{i}", f"Old Single {i}", "big", "Big", days_ago(200 + i), album_type="single", tracks=1) for i in range(10)]
    albums += [album(f"c{i}", f"Hits {i}", "va", "Various Artists", days_ago(50 + i), album_type="compilation", group="appears_on")
               for i in range(150)]
    w.add_artist("big", "Big", albums)
    ana = make_user("ana@x.test")
    w.follows[ana] = ["big"]
    await run(w, [ana])
    # Albums and singles only (appearances are opt-in): the first page of albums ends old,
    # so the singles are asked for, and their first page ends old too.
    assert w.calls_to("albums", "big") == 2 and titles(ana) == ["Brand New"]


async def test_paging_continues_while_a_group_may_still_hold_new_releases(make_user: Callable[[str], int]) -> None:
    w = World()
    albums = [album(f"n{i}", f"New {i}", "big", "Big", days_ago(1)) for i in range(60)]
    w.add_artist("big", "Big", [*albums, album("s1", "Fresh Single", "big", "Big", days_ago(2), album_type="single", tracks=1)])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["big"]
    await run(w, [ana])
    assert w.calls_to("albums", "big") == 7 and "Fresh Single" in titles(ana)  # 61 entries, 10 a page


async def test_a_group_gone_old_is_skipped_rather_than_paged_through(make_user: Callable[[str], int]) -> None:
    w = World()
    albums = [album(f"o{i}", f"Old {i}", "big", "Big", days_ago(300 + i)) for i in range(120)]
    singles = [album(f"s{i}", f"Single {i}", "big", "Big", days_ago(2 + 100 * i), album_type="single", tracks=1) for i in range(3)]
    w.add_artist("big", "Big", [*albums, *singles])
    ana = make_user("ana@x.test")
    w.follows[ana] = ["big"]
    await run(w, [ana])
    # Page one is all old albums: the next request asks for the later groups only.
    assert w.calls_to("albums", "big") == 2 and titles(ana) == ["Single 0"]


async def test_followed_artists_are_paged_by_cursor(make_user: Callable[[str], int]) -> None:
    w = World()
    for i in range(120):
        w.add_artist(f"a{i}", f"Artist {i}", [album(f"x{i}", f"Record {i}", f"a{i}", f"Artist {i}", days_ago(i % 40))])
    ana = make_user("ana@x.test")
    w.follows[ana] = [f"a{i}" for i in range(120)]
    counts = await run(w, [ana])
    assert w.calls_to("followed") == 3 and counts.artists == 120
    assert counts.releases_found == sum(1 for i in range(120) if i % 40 <= 28)
