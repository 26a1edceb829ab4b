"""Adding a release from the feed to a playlist on the person's own source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from services.catalog.types import Track
from services.releases import feed
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.playlist import save_release_as_playlist
from services.releases.scan import scan_people
from tests.unit.releases.memory_source import MemorySource, World, album

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)


async def test_a_release_becomes_a_playlist_of_its_tracks(make_user: Callable[[str], int]) -> None:
    w = World()
    w.add_artist("lorde", "Lorde", [album("l1", "Virgin", "lorde", "Lorde", NOW.date() - dt.timedelta(days=2))])
    w.tracks["l1"] = [Track(id=f"t{i}", name=f"Song {i}") for i in range(3)]
    ana, bo = make_user("ana@x.test"), make_user("bo@x.test")
    w.follows[ana] = ["lorde"]
    source_for = lambda uid: MemorySource(w, uid)  # noqa: E731
    await scan_people([ana], source_for=source_for, cache=TTLCache(1), policy=RetryPolicy(attempts=1), now=NOW)
    [card] = feed.weekly_feed(ana)[0].items

    playlist = save_release_as_playlist(ana, card.release_id, source_for=source_for)
    assert playlist.name == "Virgin – Lorde"
    assert w.playlists[playlist.id][1] == ["t0", "t1", "t2"]

    with pytest.raises(feed.FeedError, match="not in your feed"):
        save_release_as_playlist(bo, card.release_id, source_for=source_for)
    w.tracks["l1"] = []
    with pytest.raises(feed.FeedError, match="no tracks"):
        save_release_as_playlist(ana, card.release_id, source_for=source_for)
