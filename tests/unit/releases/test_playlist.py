""""Add to playlist" from the feed: one running "New releases" playlist (or one the person
picks), never a new playlist per release, never a track twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from services.catalog.types import Playlist, Track
from services.releases import feed
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.playlist import RUNNING_NAME, add_release_to_playlist, choose_playlist, chosen_playlist
from services.releases.scan import scan_people
from tests.unit.releases.memory_source import MemorySource, World, album

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def world() -> World:
    w = World()
    w.add_artist("lorde", "Lorde", [album("l1", "Virgin", "lorde", "Lorde", NOW.date() - dt.timedelta(days=2)),
                                     album("l2", "Hard Feelings", "lorde", "Lorde", NOW.date() - dt.timedelta(days=5),
                                           album_type="single", tracks=1)])
    w.tracks["l1"] = [Track(id=f"t{i}", name=f"Song {i}") for i in range(3)]
    w.tracks["l2"] = [Track(id="t1", name="Song 1"), Track(id="h", name="Hard Feelings")]
    return w


async def _feed(w: World, uid: int) -> dict[str, int]:
    w.follows[uid] = ["lorde"]
    await scan_people([uid], source_for=lambda u: MemorySource(w, u), cache=TTLCache(1), policy=RetryPolicy(attempts=1), now=NOW)
    return {i.title: i.release_id for week in feed.weekly_feed(uid, today=NOW.date()) for i in week.items}


async def test_releases_go_to_one_running_playlist_without_duplicates(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    ids = await _feed(world, ana)
    source_for = lambda uid: MemorySource(world, uid)  # noqa: E731

    first = add_release_to_playlist(ana, ids["Virgin"], source_for=source_for)
    second = add_release_to_playlist(ana, ids["Hard Feelings"], source_for=source_for)
    again = add_release_to_playlist(ana, ids["Virgin"], source_for=source_for)

    assert first.created and first.playlist.name == RUNNING_NAME and first.added == 3
    assert not second.created and second.playlist.id == first.playlist.id
    assert (second.added, second.already) == (1, 1)  # "t1" was already there
    assert again.added == 0 and again.message == f"Already in “{RUNNING_NAME}”."
    assert world.calls_to("create_playlist") == 1 and len(world.playlists) == 1
    assert world.playlists[first.playlist.id][1] == ["t0", "t1", "t2", "h"]


async def test_a_forgotten_running_playlist_is_found_by_name_not_made_again(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    ids = await _feed(world, ana)
    world.playlists["old"] = (Playlist(id="old", name=RUNNING_NAME, owned_by_me=True), ["t0"])

    result = add_release_to_playlist(ana, ids["Virgin"], source_for=lambda uid: MemorySource(world, uid))

    assert result.playlist.id == "old" and not result.created and result.added == 2
    assert world.calls_to("create_playlist") == 0


async def test_a_chosen_playlist_is_used_and_a_deleted_one_falls_back(world: World, make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    ids = await _feed(world, ana)
    world.playlists["mine"] = (Playlist(id="mine", name="Fridays", owned_by_me=True), [])
    world.playlists["theirs"] = (Playlist(id="theirs", name="A friend's", owned_by_me=False), [])
    source_for = lambda uid: MemorySource(world, uid)  # noqa: E731

    with pytest.raises(feed.FeedError, match="your own playlists"):
        choose_playlist(ana, "theirs", source_for=source_for)
    assert choose_playlist(ana, "mine", source_for=source_for) == "Fridays"
    assert chosen_playlist(ana, "spotify") == ("mine", "Fridays") and chosen_playlist(ana, "demo") == ("", "")
    assert add_release_to_playlist(ana, ids["Virgin"], source_for=source_for).playlist.id == "mine"

    del world.playlists["mine"]  # deleted in Spotify meanwhile
    result = add_release_to_playlist(ana, ids["Hard Feelings"], source_for=source_for)
    assert result.created and result.playlist.name == RUNNING_NAME


async def test_refusals_are_clear(world: World, make_user: Callable[[str], int]) -> None:
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    ids = await _feed(world, ana)
    source_for = lambda uid: MemorySource(world, uid)  # noqa: E731
    with pytest.raises(feed.FeedError, match="not in your feed"):
        add_release_to_playlist(bo, ids["Virgin"], source_for=source_for)
    world.tracks["l1"] = []
    with pytest.raises(feed.FeedError, match="no tracks"):
        add_release_to_playlist(ana, ids["Virgin"], source_for=source_for)
    assert world.playlists == {}
