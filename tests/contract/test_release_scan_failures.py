"""Scans that go wrong say so, through the real spotipy against the fake Spotify: when
every album call is refused the job is recorded as failed with its reasons, the feed
says so (never "nothing new"), the System panel shows it, and nothing stored is lost;
bad records are skipped and counted; 5xx bursts and 429 storms are ridden out."""

from __future__ import annotations

import datetime as dt

import pytest

from services import job_results, releases, scheduler
from services.db import session_scope
from services.releases import feed
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.scan import scan_people
from services.releases.status import SCAN_JOB, UNREADABLE, scan_status
from services.scheduler import ScheduledJob
from state.system import job_rows
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401
from tests.contract.release_world import broken_entries

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 1, 20, 12, tzinfo=dt.timezone.utc)  # the fake's "Record NNN-0" albums came out on 10 January
FAST = RetryPolicy(attempts=3, base=0.01, cap=0.02)
ALBUMS = r"/artists/\w+/albums"


@pytest.fixture
def watcher(fake_spotify: FakeSpotify) -> int:
    user = make_user()
    connect(fake_spotify, user)
    releases.watch(user)
    return user


def _cards(user: int) -> list[str]:
    return sorted(i.title for week in feed.weekly_feed(user) for i in week.items)


def _plan_next_scan(at: dt.datetime) -> None:
    with session_scope() as db:
        db.add(ScheduledJob(job_id=SCAN_JOB, next_run_at=at))


async def test_when_every_album_call_is_refused_the_run_fails_and_everyone_is_told(fake_spotify: FakeSpotify, watcher: int) -> None:
    await scan_people([watcher], cache=TTLCache(600), policy=FAST, now=NOW)  # a good scan first
    kept = _cards(watcher)
    assert len(kept) == 45
    fake_spotify.refuse(ALBUMS, 403)
    releases.scan.ARTIST_CACHE.clear()
    _plan_next_scan(dt.datetime(2026, 1, 20, 15, tzinfo=dt.timezone.utc))

    run = await scheduler.run_job(SCAN_JOB, trigger="manual")

    assert run.status == "failed" and (run.items_done, run.items_failed) == (0, 45)
    assert job_results.decode_reasons(run.reasons) == [("Spotify refused the request", 45)]
    assert fake_spotify.refusals and {status for _path, status in fake_spotify.refusals} == {403}
    # The feed says so, and keeps what it had.
    status = scan_status(watcher, "Europe/Berlin", now=dt.datetime(2026, 1, 20, 12, tzinfo=dt.timezone.utc))
    assert status.state == "failed" and not status.trustworthy
    assert status.message == "Couldn't check your artists: Spotify refused the request. Next try at 16:00."
    assert _cards(watcher) == kept
    # The System panel shows it.
    row = next(r for r in job_rows() if r["id"] == SCAN_JOB)
    assert row["status"] == "failed" and row["problems"] == "45 of 45 items failed: Spotify refused the request (45)"


async def test_some_refused_artists_make_a_partial_run_with_the_count(fake_spotify: FakeSpotify, watcher: int) -> None:
    fake_spotify.refuse(r"/artists/art0(0\d|1[01])/albums", 403)  # 12 of the 45 followed artists
    _plan_next_scan(dt.datetime(2026, 1, 20, 14, tzinfo=dt.timezone.utc))
    run = await scheduler.run_job(SCAN_JOB)
    assert run.status == "partial" and (run.items_done, run.items_failed) == (33, 12)
    status = scan_status(watcher, "UTC", now=NOW)
    assert status.message == "Couldn't check 12 of 45 artists: Spotify refused the request. Next try at 14:00."


async def test_bad_records_are_skipped_and_counted_and_the_good_ones_kept(fake_spotify: FakeSpotify, watcher: int) -> None:
    fake_spotify.extra_listing["art003"] = broken_entries()
    odd = {**fake_spotify.albums["alb004x0"], "id": "oddtype01", "name": "Ünïcödé Rëcord ☃", "album_type": "audiobook",
           "images": None, "release_date": "2026-01-15"}
    fake_spotify.albums["oddtype01"] = odd

    counts = await scan_people([watcher], cache=TTLCache(600), policy=FAST, now=NOW)

    assert counts.skipped_records == len(broken_entries()) and counts.artists_failed == 0
    cards = {i.title: i for week in feed.weekly_feed(watcher) for i in week.items}
    assert "Ünïcödé Rëcord ☃" in cards and cards["Ünïcödé Rëcord ☃"].kind == "album" and cards["Ünïcödé Rëcord ☃"].image_url == ""
    assert len(cards) == 46
    assert counts.result().status == "partial" and counts.result().reasons[UNREADABLE] == 5
    job_results.record_people(SCAN_JOB, counts.outcomes)
    status = scan_status(watcher, "UTC", now=NOW)
    assert status.state == "ok" and status.note == "5 releases Spotify sent could not be read and were skipped."


async def test_5xx_bursts_and_429_storms_are_ridden_out(fake_spotify: FakeSpotify, watcher: int) -> None:
    fake_spotify.rate_limit_every(9, retry_after=1)
    fake_spotify.fail_next(4, 503)
    patient = RetryPolicy(attempts=6, base=0.01, cap=0.02)  # the default policy tries 5 times
    counts = await scan_people([watcher], cache=TTLCache(600), policy=patient, now=NOW)
    assert counts.errors == 0 and len(_cards(watcher)) == 45
    assert counts.retries >= 1 and any(status == 429 for _p, status in fake_spotify.refusals)


async def test_an_account_taken_off_the_allow_list_is_told_why(fake_spotify: FakeSpotify, watcher: int) -> None:
    fake_spotify.allowed_users = {"somebody-else"}
    counts = await scan_people([watcher], cache=TTLCache(600), policy=FAST, now=NOW)
    job_results.record_people(SCAN_JOB, counts.outcomes)
    status = scan_status(watcher, "UTC", now=NOW)
    assert status.state == "failed"
    assert status.message.startswith("Couldn't check your artists: Spotify does not serve this account")
