"""Scheduled posts: validation with clear messages, time zones, the calendar, and the
due job's in-app and email notices."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from services import live
from services.label.projects import LabelError
from services.label.schedule import (
    cancel_post,
    ical,
    list_posts,
    mark_due_posts,
    month_calendar,
    parse_hashtags,
    schedule_post,
)
from services.mail import outbox
from tests.unit.label.conftest import Song

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def test_a_post_is_stored_in_utc_and_shown_in_its_time_zone(song: Song) -> None:
    post = schedule_post(song.user_id, song.project_id, "reels", "2026-12-04", "18:30", "Europe/Berlin",
                         "New single out now", "#synthwave, nightdrive #synthwave", now=NOW)
    assert post.scheduled_at == datetime(2026, 12, 4, 17, 30, tzinfo=timezone.utc)
    assert (post.local_date, post.local_time, post.timezone) == ("2026-12-04", "18:30", "Europe/Berlin")
    assert post.hashtags == ["#synthwave", "#nightdrive"] and post.platform_label == "Instagram Reels"
    assert [p.id for p in list_posts(song.user_id, song.project_id)] == [post.id]


@pytest.mark.parametrize(
    ("day", "at", "zone", "message"),
    [
        ("2026-02-30", "18:30", "UTC", "Date '2026-02-30' is not a date: use YYYY-MM-DD"),
        ("04/12/2026", "18:30", "UTC", "is not a date"),
        ("2026-12-04", "25:00", "UTC", "Time '25:00' is not a time of day: use HH:MM"),
        ("2026-12-04", "18:30", "Mars/Olympus", "Time zone 'Mars/Olympus' is unknown"),
        ("2026-11-01", "18:30", "UTC", "is in the past"),
        ("2027-03-28", "02:30", "Europe/Berlin", "does not exist in Europe/Berlin"),
    ],
)
def test_invalid_date_time_or_zone_is_a_clear_error_and_nothing_is_stored(song: Song, day: str, at: str, zone: str, message: str) -> None:
    with pytest.raises(LabelError, match=message):
        schedule_post(song.user_id, song.project_id, "tiktok", day, at, zone, "caption", "#a", now=NOW)
    assert list_posts(song.user_id) == []


def test_every_problem_is_named_at_once(song: Song) -> None:
    with pytest.raises(LabelError) as err:
        schedule_post(song.user_id, song.project_id, "myspace", "tomorrow", "18:30", "UTC", "  ", "#ok #no-dash", now=NOW)
    text = str(err.value)
    assert "Pick a platform" in text and "is not a date" in text and "Write a caption" in text and "#no-dash" in text
    with pytest.raises(LabelError, match="at most 2200"):
        schedule_post(song.user_id, song.project_id, "tiktok", "2026-12-04", "18:30", "UTC", "x" * 2201, now=NOW)
    assert list_posts(song.user_id) == []


def test_hashtags_and_ownership(song: Song, make_user) -> None:  # type: ignore[no-untyped-def]
    assert parse_hashtags("#a,b  #a") == ["#a", "#b"]
    with pytest.raises(LabelError, match="at most 30"):
        parse_hashtags(" ".join(f"#t{i}" for i in range(31)))
    other = make_user("bo@example.com")
    with pytest.raises(LabelError, match="project does not exist"):
        schedule_post(other, song.project_id, "tiktok", "2026-12-04", "18:30", "UTC", "hi", now=NOW)
    post = schedule_post(song.user_id, song.project_id, "tiktok", "2026-12-04", "18:30", "UTC", "hi", now=NOW)
    with pytest.raises(LabelError):
        cancel_post(other, post.id)
    cancel_post(song.user_id, post.id)
    assert list_posts(song.user_id) == [] and len(list_posts(song.user_id, include_cancelled=True)) == 1


def test_calendar_and_ical(song: Song) -> None:
    a = schedule_post(song.user_id, song.project_id, "shorts", "2026-12-04", "09:00", "America/New_York", "one", now=NOW)
    schedule_post(song.user_id, song.project_id, "tiktok", "2026-12-04", "23:30", "America/New_York", "two", now=NOW)
    weeks = month_calendar(list_posts(song.user_id), 2026, 12)
    assert weeks[0][0].day == "2026-11-30" and not weeks[0][0].in_month  # Monday first
    dec4 = next(d for w in weeks for d in w if d.day == "2026-12-04")
    assert [p.caption for p in dec4.posts] == ["one", "two"]  # by local date, though "two" is Dec 5 in UTC
    text = ical(list_posts(song.user_id))
    assert text.count("BEGIN:VEVENT") == 2 and f"UID:post-{a.id}@simplebalance" in text
    assert "DTSTART:20261204T140000Z" in text


def test_due_posts_are_marked_and_announced_in_the_app_and_by_email(song: Song) -> None:
    soon = schedule_post(song.user_id, song.project_id, "tiktok", "2026-11-22", "13:00", "UTC", "Out now", "#new", now=NOW)
    later = schedule_post(song.user_id, song.project_id, "reels", "2026-11-23", "13:00", "UTC", "Later", now=NOW)
    seen: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        seen.append(change)

    async def run() -> None:
        live.bind_loop(asyncio.get_running_loop())
        live.subscribe("label", listener)
        counts = await asyncio.to_thread(mark_due_posts, NOW + timedelta(hours=1, minutes=1))
        assert (counts.posts, counts.people, counts.emails) == (1, 1, 1)
        await asyncio.sleep(0.05)

    try:
        asyncio.run(run())
    finally:
        live._listeners.get("label", []).clear()
        live._loop = None
    status = {p.id: p.status for p in list_posts(song.user_id)}
    assert status == {soon.id: "due", later.id: "scheduled"}
    assert [c.user_id for c in seen] == [song.user_id] and seen[0].data["post_ids"] == [soon.id]
    (mail,) = outbox(song.user_id)
    assert mail.to == "ana@example.com" and "TikTok" in mail.subject and "Night Drive" in mail.subject
    assert "Out now #new" in mail.text
    assert mark_due_posts(NOW + timedelta(hours=2)).posts == 0  # never announced twice
