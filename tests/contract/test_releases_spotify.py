"""The release scan through the real SpotifySource (spotipy) against the fake Spotify:
cursor and offset paging, one fetch per artist for many people, 429 with
Retry-After, and 5xx answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from services.releases import feed
from services.releases.fetching import RequestPool, RetryPolicy, TTLCache
from services.releases.scan import scan_people
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401
from tests.fakeapi import Request, Response

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 1, 20, 12, tzinfo=dt.timezone.utc)  # the fake's "Record NNN-0" albums came out 2026-01-10
FAST = RetryPolicy(attempts=4, base=0.01, cap=0.05, max_retry_after=60)
ALBUMS = r"/artists/\w+/albums"


def _extra_artists(fake: FakeSpotify, count: int) -> None:
    """More followed artists (so followed-artist paging takes several cursors), one new single each."""
    for n in range(count):
        aid = f"xtr{n:03d}"
        fake.artists[aid] = {"id": aid, "type": "artist", "uri": f"spotify:artist:{aid}", "name": f"Extra {n:03d}",
                             "genres": [], "popularity": 1, "followers": {"total": 1}, "images": []}
        fake.albums[f"xal{n:03d}"] = {
            "id": f"xal{n:03d}", "type": "album", "uri": f"spotify:album:xal{n:03d}", "name": f"Extra Single {n:03d}",
            "album_type": "single", "total_tracks": 1, "release_date": "2026-01-15", "release_date_precision": "day",
            "artists": [{"id": aid, "name": f"Extra {n:03d}", "type": "artist"}], "images": [], "label": "X",
        }
        fake.followed_ids.append(aid)


def _prolific(fake: FakeSpotify, count: int) -> None:
    """art000 gets `count` more new releases, so their album list spans several pages."""
    for n in range(count):
        bid = f"pro{n:03d}"
        fake.albums[bid] = {**fake.albums["alb000x0"], "id": bid, "uri": f"spotify:album:{bid}", "name": f"Prolific {n:03d}",
                            "release_date": f"2026-01-{1 + n % 18:02d}"}


@pytest.fixture
def people(fake_spotify: FakeSpotify) -> list[int]:
    ids = [make_user(f"p{i}@example.com") for i in range(3)]
    for uid in ids:
        connect(fake_spotify, uid)
    return ids


def _titles(uid: int) -> set[str]:
    return {i.title for week in feed.weekly_feed(uid) for i in week.items}


async def test_paging_and_one_fetch_per_artist_for_everyone(fake_spotify: FakeSpotify, people: list[int]) -> None:
    _extra_artists(fake_spotify, 60)  # 45 + 60 = 105 followed: three cursor pages of 50
    _prolific(fake_spotify, 70)  # art000: 73 albums, two offset pages
    before = len(fake_spotify.api_calls())
    counts = await scan_people(people, cache=TTLCache(600), policy=FAST, now=NOW)

    assert counts.errors == 0 and counts.people == 3 and counts.artists == 105
    following = fake_spotify.api_calls(r"/me/following")
    albums = fake_spotify.api_calls(ALBUMS)
    assert len(following) == 3 * 3
    # Each artist once for all three people, 10 a page (development mode); art000's 72 albums
    # (71 of them new) take 8 pages, and every request asked for 10.
    assert len(albums) == 105 + 7
    assert {r.arg("limit") for r in albums} == {"10"}
    assert counts.api_calls == len(fake_spotify.api_calls()) - before
    for uid in people:
        titles = _titles(uid)
        assert len(titles) == 45 + 60 + 70
        assert {"Record 000-0", "Extra Single 059", "Prolific 069"} <= titles and "Record 000-1" not in titles
    card = next(i for w in feed.weekly_feed(people[0]) for i in w.items if i.title == "Record 007-0")
    assert card.url == "https://open.spotify.com/album/alb007x0" and card.image_url.startswith("https://img.example/")


async def test_a_long_retry_after_pauses_the_whole_pool_then_the_scan_completes(fake_spotify: FakeSpotify, people: list[int]) -> None:
    fake_spotify.rate_limit(times=1, retry_after=30)  # longer than the client waits inline: it reaches the pool
    clock = {"t": 0.0}
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    async with RequestPool(4, FAST, sleep=fake_sleep, clock=lambda: clock["t"]) as pool:
        counts = await scan_people(people[:1], cache=TTLCache(600), pool=pool, now=NOW)
    assert counts.rate_limited == 1 and counts.errors == 0 and sum(slept) >= 30
    assert len(_titles(people[0])) == 45
    assert any(r.path == "/v1/me/following" for r in fake_spotify.api_calls())


async def test_short_retry_after_is_waited_out_by_the_client(fake_spotify: FakeSpotify, people: list[int]) -> None:
    fake_spotify.rate_limit(times=1, retry_after=1)
    counts = await scan_people(people[:1], cache=TTLCache(600), policy=FAST, now=NOW)
    assert counts.errors == 0 and len(_titles(people[0])) == 45


@pytest.fixture
def failing_artist(fake_spotify: FakeSpotify) -> Iterator[dict[str, int]]:
    """art001's album listing answers 503 while `fail["left"] > 0`."""
    fail = {"left": 0, "served": 0}
    original = next(fn for method, pattern, fn in fake_spotify.api.routes
                    if method == "GET" and pattern.pattern.startswith(r"/v1/artists/(?P<id>\w+)/albums"))

    def flaky(req: Request) -> Response:
        if fail["left"] > 0:
            fail["left"] -= 1
            fail["served"] += 1
            return Response.json({"error": {"status": 503, "message": "Service unavailable"}}, 503)
        return original(req)

    fake_spotify.api.route("GET", r"/v1/artists/(?P<id>art001)/albums/?")(flaky)
    entry = fake_spotify.api.routes[0]
    try:
        yield fail
    finally:
        fake_spotify.api.routes.remove(entry)


async def test_server_errors_are_retried_with_backoff(fake_spotify: FakeSpotify, people: list[int], failing_artist: dict[str, int]) -> None:
    failing_artist["left"] = 2
    counts = await scan_people(people[:1], cache=TTLCache(600), policy=FAST, now=NOW)
    assert failing_artist["served"] == 2 and counts.retries >= 2 and counts.errors == 0
    assert "Record 001-0" in _titles(people[0])


async def test_an_artist_that_keeps_failing_costs_only_its_own_releases(fake_spotify: FakeSpotify, people: list[int], failing_artist: dict[str, int]) -> None:
    failing_artist["left"] = 10**6
    counts = await scan_people(people, cache=TTLCache(600), policy=FAST, now=NOW)
    assert counts.errors == 1 and counts.people_failed == 0
    assert failing_artist["served"] == FAST.attempts  # tried a few times for everyone, not once per person
    for uid in people:
        titles = _titles(uid)
        assert len(titles) == 44 and "Record 001-0" not in titles
