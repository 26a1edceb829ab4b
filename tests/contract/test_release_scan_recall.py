"""The release scan finds every release, and only those, through the real spotipy against
the fake Spotify in development mode (10 albums a page): 160 followed artists whose
releases are spread over and beyond the window, with editions, month- and year-only
dates, window edges, pre-releases, collaborations and appearances."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from services.releases import feed
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.scan import scan_people
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401
from tests.contract.release_world import follow, populate

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
SINCE = TODAY - dt.timedelta(days=28)  # a first scan looks back four weeks
FAST = RetryPolicy(attempts=4, base=0.01, cap=0.05)


async def test_a_first_scan_of_160_artists_finds_exactly_the_releases_in_the_window(fake_spotify: FakeSpotify) -> None:
    world = populate(fake_spotify, artists=160, since=SINCE, today=TODAY)
    follow(fake_spotify, world.artists)
    user = make_user()
    connect(fake_spotify, user)
    expected = world.new_releases(set(world.artists))
    assert len(expected) > 150  # the window is well stocked ...
    assert sum(1 for r in {id(r): r for r in world.truth.values()}.values() if not r.new) > 1000  # ... and so is the rest

    counts = await scan_people([user], cache=TTLCache(600), policy=FAST, now=NOW)

    cards = [item for week in feed.weekly_feed(user, today=TODAY) for item in week.items]
    found = Counter(world.truth[item.album_id].key for item in cards)
    assert set(found) == expected, (sorted(expected - set(found))[:5], sorted(set(found) - expected)[:5])
    assert max(found.values()) == 1  # one card per release: editions and collaborations merged
    assert fake_spotify.refusals == [] and counts.errors == 0 and counts.skipped_records == 0
    album_requests = fake_spotify.api_calls(r"/artists/\w+/albums")
    assert {r.arg("limit") for r in album_requests} == {"10"}
    assert len(album_requests) <= 2.5 * len(world.artists)  # a typical artist costs one or two requests


async def test_the_next_scan_adds_a_new_release_once_and_loses_nothing(fake_spotify: FakeSpotify) -> None:
    world = populate(fake_spotify, artists=40, since=SINCE, today=TODAY, seed=11)
    follow(fake_spotify, world.artists)
    user = make_user()
    connect(fake_spotify, user)
    await scan_people([user], cache=TTLCache(600), policy=FAST, now=NOW)
    before = {item.release_id for week in feed.weekly_feed(user) for item in week.items}

    tomorrow = NOW + dt.timedelta(days=1)
    fake_spotify.albums["fresh0001"] = {**fake_spotify.albums[world.truth and next(iter(world.truth))],
                                       "id": "fresh0001", "name": "Out Today", "release_date": tomorrow.date().isoformat(),
                                       "release_date_precision": "day"}
    await scan_people([user], cache=TTLCache(600), policy=FAST, now=tomorrow)
    await scan_people([user], cache=TTLCache(600), policy=FAST, now=tomorrow + dt.timedelta(hours=3))

    after = [item for week in feed.weekly_feed(user) for item in week.items]
    assert before <= {i.release_id for i in after}
    assert [i.title for i in after if i.album_id == "fresh0001"] == ["Out Today"]
