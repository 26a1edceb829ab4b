"""Token refresh done once, with the real authlib and spotipy against the fake Spotify:
a short-lived token is refreshed at most once per half-lifetime over a long scan (not
before every call), concurrent callers share one refresh (threads of one process, and
processes through the connection's row lock), and a refresh answer without a new
refresh token keeps the old one."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from sqlmodel import select

from services import db as services_db
from services.db import make_engine, session_scope, utcnow
from services.models import metadata
from services.releases.fetching import RetryPolicy, TTLCache
from services.releases.scan import scan_people
from services.spotify import connection, crypto
from services.spotify.client import SpotifyClient
from services.spotify.models import SpotifyConnection
from services.spotify.source import SpotifySource
from tests.contract.fake_spotify import FakeSpotify, SimClock, _spotify_server, connect, fake_spotify, make_user  # noqa: F401
from tests.unit.test_migrations import postgres_url  # noqa: F401  (a fresh PostgreSQL database, or skip)

pytestmark = pytest.mark.usefixtures("db")



def _row(user: int) -> SpotifyConnection:
    with session_scope() as db:
        return db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user)).one()


def _utc(clock: SimClock) -> dt.datetime:
    return dt.datetime.fromtimestamp(clock(), dt.timezone.utc)


def _follow_many(fake: FakeSpotify, count: int) -> None:
    """`count` followed artists with one old album each (one album request per artist)."""
    fake.followed_ids = []
    for n in range(count):
        aid = f"tok{n:04d}"
        fake.artists[aid] = {"id": aid, "type": "artist", "name": f"Token Artist {n}", "images": []}
        fake.albums[f"tka{n:04d}"] = {"id": f"tka{n:04d}", "type": "album", "name": f"Old {n}", "album_type": "album",
                                       "release_date": "2020-05-01", "release_date_precision": "day", "total_tracks": 9,
                                       "artists": [{"id": aid, "name": f"Token Artist {n}"}], "images": []}
        fake.followed_ids.append(aid)


def test_a_2_minute_token_over_a_10_minute_scan_is_refreshed_at_most_12_times(fake_spotify: FakeSpotify) -> None:
    clock = SimClock()
    fake_spotify.use_clock(clock, seconds_per_request=1.0)  # every API request takes a simulated second
    fake_spotify.token_ttl = 120
    _follow_many(fake_spotify, 588)  # 12 followed pages + 588 album listings: 600 requests, 10 minutes
    user = make_user()
    connect(fake_spotify, user)
    at_start = len(fake_spotify.api_calls())

    counts = asyncio.run(scan_people(
        [user], source_for=lambda uid: SpotifySource(uid, SpotifyClient(uid, clock=lambda: _utc(clock))),
        cache=TTLCache(600), policy=RetryPolicy(attempts=2, base=0.01, cap=0.01), publish=False))

    requests = fake_spotify.api_calls()[at_start:]
    refreshes = fake_spotify.token_calls("refresh_token")
    assert counts.errors == 0 and counts.artists == 588
    assert len(requests) == 600  # no 401 and retry: every request went out with a live token
    assert 9 <= len(refreshes) <= 12, f"{len(refreshes)} refreshes for {len(requests)} requests"


def test_the_refresh_time_is_two_minutes_before_expiry_or_half_a_short_lifetime() -> None:
    expires = dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc)
    assert connection.refresh_due_at(expires, 3600) == expires - dt.timedelta(minutes=2)
    assert connection.refresh_due_at(expires, 120) == expires - dt.timedelta(seconds=60)
    assert connection.refresh_due_at(expires, 200) == expires - dt.timedelta(seconds=100)


def _race(user: int, callers: int, now: dt.datetime) -> list[str]:
    barrier = threading.Barrier(callers)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def call() -> None:
        barrier.wait()
        try:
            tokens.append(connection.access_token(user, now=now))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return tokens


def test_20_concurrent_callers_share_one_refresh(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    due = utcnow() + dt.timedelta(minutes=59)

    tokens = _race(user, 20, due)

    assert len(fake_spotify.token_calls("refresh_token")) == 1
    assert len(set(tokens)) == 1


@pytest.fixture
def separate_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each caller as if in its own process: no lock shared in memory, only the database."""
    monkeypatch.setattr(connection, "_lock_for", lambda _user_id: threading.Lock())


def test_callers_in_different_processes_share_one_refresh_through_the_row_lock(fake_spotify: FakeSpotify, separate_workers: None) -> None:
    user = make_user()
    connect(fake_spotify, user)
    tokens = _race(user, 20, utcnow() + dt.timedelta(minutes=59))
    assert len(fake_spotify.token_calls("refresh_token")) == 1 and len(set(tokens)) == 1


@pytest.fixture
def postgres(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The services' engine on a fresh PostgreSQL database (skipped when unreachable)."""
    engine = make_engine(postgres_url)
    metadata.create_all(engine)
    monkeypatch.setattr(services_db, "get_engine", lambda: engine)
    try:
        yield
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_on_postgresql_processes_share_one_refresh_through_the_row_lock(
    fake_spotify: FakeSpotify, postgres: None, separate_workers: None
) -> None:
    user = make_user()
    connect(fake_spotify, user)
    tokens = _race(user, 20, utcnow() + dt.timedelta(minutes=59))
    assert len(fake_spotify.token_calls("refresh_token")) == 1 and len(set(tokens)) == 1


def test_a_refresh_answer_without_a_refresh_token_keeps_the_old_one(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    before = crypto.decrypt(_row(user).refresh_token_enc)
    later = utcnow() + dt.timedelta(minutes=59)
    connection.access_token(user, now=later)
    connection.access_token(user, now=later + dt.timedelta(minutes=59))

    refreshes = fake_spotify.token_calls("refresh_token")
    assert len(refreshes) == 2 and {r.form()["refresh_token"] for r in refreshes} == {before}
    row = _row(user)
    assert crypto.decrypt(row.refresh_token_enc) == before and row.token_lifetime_s == 3600
