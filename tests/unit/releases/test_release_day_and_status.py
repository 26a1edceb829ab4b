"""Release-day scans come just after each person's own midnight on Fridays; the feed's
status says what went wrong and when the next try is, on the person's clock; digests
group releases by artist; releases nobody links to are cleaned up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlmodel import select

from services.db import session_scope
from services.job_results import PersonOutcome
from services.releases.digest_mail import build_digest, group_by_artist
from services.releases.feed import FeedItem
from services.releases.models import Release, ReleasePrefs, ReleaseWatch, UserRelease
from services.releases.release_day import due_people, is_due
from services.releases.status import UNREADABLE, describe, when_text
from services.releases.store import delete_orphan_releases

UTC = dt.timezone.utc
FRIDAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("now", "zone", "last", "due"),
    [
        (dt.datetime(2026, 11, 19, 23, 4, tzinfo=UTC), "Europe/London", None, False),  # Thursday 23:04
        (dt.datetime(2026, 11, 20, 0, 4, tzinfo=UTC), "Europe/London", None, False),  # 00:04: too early
        (dt.datetime(2026, 11, 20, 0, 5, tzinfo=UTC), "Europe/London", None, True),
        (dt.datetime(2026, 11, 20, 0, 5, tzinfo=UTC), "Europe/London", dt.datetime(2026, 11, 19, 23, 59, tzinfo=UTC), True),
        (dt.datetime(2026, 11, 20, 0, 20, tzinfo=UTC), "Europe/London", dt.datetime(2026, 11, 20, 0, 6, tzinfo=UTC), False),
        (dt.datetime(2026, 11, 19, 23, 5, tzinfo=UTC), "Europe/Berlin", None, True),  # 00:05 on Friday in Berlin
        (dt.datetime(2026, 11, 20, 8, 5, tzinfo=UTC), "America/Los_Angeles", None, True),
        (dt.datetime(2026, 11, 20, 7, 59, tzinfo=UTC), "America/Los_Angeles", None, False),  # still Thursday there
        (dt.datetime(2026, 11, 21, 0, 5, tzinfo=UTC), "Europe/London", None, False),  # Saturday
    ],
)
def test_a_release_day_scan_is_due_just_after_the_persons_own_midnight(now: dt.datetime, zone: str, last: dt.datetime | None, due: bool) -> None:
    assert is_due(now, zone, last) is due


def test_due_people_are_found_by_their_own_zone(make_user: Callable[[str], int]) -> None:
    berlin, tokyo, london = make_user("b@x.test"), make_user("t@x.test"), make_user("l@x.test")
    with session_scope() as db:
        for uid, zone in ((berlin, "Europe/Berlin"), (tokyo, "Asia/Tokyo"), (london, "")):
            db.add(ReleaseWatch(user_id=uid))
            db.add(ReleasePrefs(user_id=uid, time_zone=zone or "UTC"))
    now = dt.datetime(2026, 11, 19, 23, 10, tzinfo=UTC)  # Friday 00:10 in Berlin, 08:10 in Tokyo, Thursday in London
    due = due_people(now)
    assert due.user_ids == sorted([berlin, tokyo])
    assert due.fresh_after == dt.datetime(2026, 11, 19, 23, tzinfo=UTC)  # the later of the two midnights: Berlin's


def _outcome(status: str, done: int, failed: int, reasons: list[tuple[str, int]]) -> PersonOutcome:
    return PersonOutcome("releases.scan", status, done, failed, reasons, dt.datetime(2026, 11, 20, 11, tzinfo=UTC))


def test_the_status_says_what_failed_and_when_the_next_try_is_in_the_persons_zone() -> None:
    now = dt.datetime(2026, 11, 20, 12, tzinfo=UTC)
    partial = _outcome("partial", 125, 12, [(UNREADABLE, 3), ("Spotify refused the request", 12)])
    status = describe(partial, dt.datetime(2026, 11, 20, 13, tzinfo=UTC), now, "Europe/Berlin")
    assert status.state == "partial" and not status.trustworthy
    assert status.message == "Couldn't check 12 of 137 artists: Spotify refused the request. Next try at 14:00."
    assert status.note == "3 releases Spotify sent could not be read and were skipped."
    failed = describe(_outcome("failed", 0, 40, [("Spotify was unavailable", 40)]), dt.datetime(2026, 11, 20, 23, 30, tzinfo=UTC),
                      now, "Europe/Berlin")
    assert failed.message == "Couldn't check your artists: Spotify was unavailable. Next try tomorrow at 00:30."
    assert describe(None, None, now, "UTC").state == "never"
    ok = describe(_outcome("ok", 40, 0, []), None, now, "UTC")
    assert ok.trustworthy and ok.message == "" and ok.note == ""
    assert describe(_outcome("failed", 0, 1, [("x", 1)]), now - dt.timedelta(hours=1), now, "UTC").message.endswith("x.")


def test_when_text_uses_the_persons_clock() -> None:
    now = dt.datetime(2026, 11, 20, 22, tzinfo=UTC)
    assert when_text(dt.datetime(2026, 11, 21, 1, tzinfo=UTC), now, "UTC") == "tomorrow at 01:00"
    assert when_text(dt.datetime(2026, 11, 21, 1, tzinfo=UTC), now, "America/New_York") == "at 20:00"
    assert when_text(dt.datetime(2026, 11, 25, 9, tzinfo=UTC), now, "UTC") == "on Wed 25 Nov at 09:00"


def _item(n: int, artist: str, day: int, title: str = "") -> FeedItem:
    return FeedItem(release_id=n, title=title or f"Release {n}", artist_id=artist.lower(), artist_name=artist, artists=artist,
                    kind="single", album_group="single", release_date=dt.date(2026, 11, day), date_precision="day",
                    total_tracks=1, image_url="", thumb_url="", url=f"https://open.spotify.com/album/{n}", album_id=str(n),
                    edition_key=str(n), is_remix=False, is_various_artists=False, seen=False, pinned=False, found_at=None)


def test_a_digest_groups_by_artist_and_one_prolific_artist_cannot_flood_it() -> None:
    items = [_item(n, "Prolific", 1 + n) for n in range(9)] + [_item(20, "Quiet", 19, "The One")]
    groups = group_by_artist(items)
    assert [(g.artist_name, len(g.items), g.more) for g in groups] == [("Quiet", 1, 0), ("Prolific", 4, 5)]
    assert [i.title for i in groups[1].items] == ["Release 8", "Release 7", "Release 6", "Release 5"]  # newest first
    mail = build_digest(items, "a@example.com", "https://x/unsub")
    assert mail.subject == "10 new releases from 2 artists you follow"
    assert "Prolific (9 new releases)" in mail.text and "… and 5 more releases in your feed" in mail.text
    assert "Release 0" not in mail.text and "The One" in mail.html
    solo = build_digest(items[-1:], "a@example.com", "https://x/unsub", test=True)
    assert solo.subject == "[Test] 1 new release from Quiet"


def test_releases_nobody_links_to_are_cleaned_up_after_a_day(make_user: Callable[[str], int]) -> None:
    ana = make_user("ana@x.test")
    now = dt.datetime(2026, 11, 20, tzinfo=UTC)
    with session_scope() as db:
        kept = Release(artist_id="a", edition_key="k1", album_id="1", title="Linked", release_date=FRIDAY, first_seen_at=now - dt.timedelta(days=3))
        orphan = Release(artist_id="a", edition_key="k2", album_id="2", title="Orphan", release_date=FRIDAY, first_seen_at=now - dt.timedelta(days=3))
        fresh = Release(artist_id="a", edition_key="k3", album_id="3", title="Just Found", release_date=FRIDAY, first_seen_at=now)
        db.add_all([kept, orphan, fresh])
        db.flush()
        db.add(UserRelease(user_id=ana, release_id=kept.id))  # type: ignore[arg-type]
    assert delete_orphan_releases(now) == 1
    with session_scope() as db:
        assert sorted(db.exec(select(Release.title)).all()) == ["Just Found", "Linked"]
