"""The feed a person reads: weeks, filters, seen, pinned and blocked artists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from services.releases import feed as f
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.scan import scan_people
from tests.unit.releases.memory_source import MemorySource, World, album

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)  # a Sunday
MONDAY = dt.date(2026, 11, 16)


@pytest.fixture
async def ana(make_user: Callable[[str], int]) -> int:
    w = World()
    w.add_artist("lorde", "Lorde", [
        album("l1", "Virgin", "lorde", "Lorde", MONDAY + dt.timedelta(days=4)),
        album("l2", "Hammer", "lorde", "Lorde", MONDAY - dt.timedelta(days=10), album_type="single", tracks=1),
        album("l3", "Hammer (Remix)", "lorde", "Lorde", MONDAY - dt.timedelta(days=9), album_type="single", tracks=1),
    ])
    w.add_artist("robyn", "Robyn", [
        album("r1", "Sexistential EP", "robyn", "Robyn", MONDAY + dt.timedelta(days=1), album_type="single", tracks=5),
        album("va", "Winter Hits", "va", "Various Artists", MONDAY + dt.timedelta(days=2), album_type="compilation", group="appears_on",
              others=(("robyn", "Robyn"), ("lorde", "Lorde"))),
    ])
    w.add_artist("lorde", "Lorde", [album("va", "Winter Hits", "va", "Various Artists", MONDAY + dt.timedelta(days=2),
                                          album_type="compilation", group="appears_on", others=(("robyn", "Robyn"), ("lorde", "Lorde")))])
    uid = make_user("ana@x.test")
    w.follows[uid] = ["lorde", "robyn"]
    f.update_prefs(uid, f.Prefs(include_appearances=True))
    await scan_people([uid], source_for=lambda u: MemorySource(w, u), cache=TTLCache(60), policy=RetryPolicy(attempts=1), now=NOW)
    return uid


def cards(weeks: list[f.FeedWeek]) -> list[list[str]]:
    return [[i.title for i in week.items] for week in weeks]


def test_grouped_by_week_newest_first_one_card_per_release(ana: int) -> None:
    weeks = f.weekly_feed(ana, today=NOW.date())
    assert [w.start for w in weeks] == [MONDAY, MONDAY - dt.timedelta(days=14)]
    assert [w.label for w in weeks] == ["This week", "Week of 2 Nov 2026"]
    assert f.weekly_feed(ana, today=NOW.date() + dt.timedelta(days=1))[0].label == "Last week"  # Monday: a new week
    assert cards(weeks) == [["Virgin", "Winter Hits", "Sexistential EP"], ["Hammer (Remix)", "Hammer"]]
    badges = {i.title: i.kind for w in weeks for i in w.items}
    assert badges["Sexistential EP"] == "ep" and badges["Winter Hits"] == "compilation" and badges["Hammer"] == "single"


def test_filters_by_type_artist_and_remixes(ana: int) -> None:
    assert cards(f.weekly_feed(ana, f.FeedFilter(kinds=("single",)))) == [["Hammer (Remix)", "Hammer"]]
    assert cards(f.weekly_feed(ana, f.FeedFilter(artist_id="robyn"))) == [["Winter Hits", "Sexistential EP"]]
    assert cards(f.weekly_feed(ana, f.FeedFilter(hide_remixes=True)))[1] == ["Hammer"]
    with pytest.raises(f.FeedError, match="Unknown release type"):
        f.weekly_feed(ana, f.FeedFilter(kinds=("mixtape",)))


def test_preferences_hide_appearances_and_remixes_reversibly(ana: int) -> None:
    f.update_prefs(ana, f.Prefs(hide_remixes=True, include_appearances=False))
    assert cards(f.weekly_feed(ana)) == [["Virgin", "Sexistential EP"], ["Hammer"]]
    f.update_prefs(ana, f.Prefs(include_appearances=True))
    assert len(cards(f.weekly_feed(ana))[0]) == 3
    with pytest.raises(f.FeedError):
        f.update_prefs(ana, f.Prefs(saved_min_tracks=0))


def test_mark_seen_counts_down_and_covers_every_link_of_a_release(ana: int) -> None:
    assert f.unseen_count(ana) == 5
    comp = next(i for w in f.weekly_feed(ana) for i in w.items if i.title == "Winter Hits")
    assert f.mark_seen(ana, [comp.release_id]) == 2  # linked through Lorde and through Robyn
    assert f.unseen_count(ana) == 4
    f.mark_seen(ana)
    assert f.unseen_count(ana) == 0 and all(i.seen for w in f.weekly_feed(ana) for i in w.items)


def test_pinned_artists_lead_their_week_and_blocked_ones_disappear(ana: int) -> None:
    f.pin_artist(ana, "robyn", "Robyn")
    assert cards(f.weekly_feed(ana))[0][0] in {"Sexistential EP", "Winter Hits"}
    assert cards(f.weekly_feed(ana))[0][-1] == "Virgin"
    f.block_artist(ana, "lorde", "Lorde")
    assert cards(f.weekly_feed(ana)) == [["Winter Hits", "Sexistential EP"]]
    assert f.feed_artists(ana) == [("robyn", "Robyn")]
    assert f.artist_marks(ana) == {"pinned": [("robyn", "Robyn")], "blocked": [("lorde", "Lorde")]}
    f.block_artist(ana, "lorde", blocked=False)
    assert len(cards(f.weekly_feed(ana))) == 2


def test_a_hidden_release_leaves_the_feed(ana: int) -> None:
    virgin = next(i for w in f.weekly_feed(ana) for i in w.items if i.title == "Virgin")
    assert f.hide_release(ana, virgin.release_id)
    assert "Virgin" not in sum(cards(f.weekly_feed(ana)), [])


def test_people_only_see_their_own_feed(ana: int, make_user: Callable[[str], int]) -> None:
    other = make_user("bo@x.test")
    assert f.weekly_feed(other) == []
    virgin = next(i for w in f.weekly_feed(ana) for i in w.items if i.title == "Virgin")
    assert f.mark_seen(other, [virgin.release_id]) == 0 and not f.hide_release(other, virgin.release_id)
