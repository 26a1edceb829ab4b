"""The party room drives the host's Spotify device: the real spotipy client (through
`services.catalog.get_source`) against the fake Spotify's player endpoints."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from services import party
from services.db import session_scope
from services.party import Identity, TrackRef, player
from services.party.models import PartyRoom
from services.spotify import cache
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")

FIRST, SECOND, OTHER = "trk001x0x00", "trk002x0x01", "trk040x0x05"


@pytest.fixture
def host(fake_spotify: FakeSpotify) -> int:
    user = make_user("host@example.com")
    connect(fake_spotify, user)
    return user


def _room(fake: FakeSpotify, host: int, *track_ids: str) -> str:
    """A room of `host` playing the first of `track_ids` (the rest queued), on the real clock."""
    code = party.create_room(host, "Live room").code
    who = Identity.user(host)
    for tid in track_ids:
        t = fake.tracks[tid]
        party.add_to_queue(code, who, TrackRef(tid, t["name"], t["artists"][0]["name"], "", t["duration_ms"]))
    assert party.advance_if_ended(code)
    return code


def _look_now(code: str, host: int) -> None:
    """As if ten seconds had passed: the driver's next run looks at the host's player afresh."""
    with session_scope() as db:
        db.exec(update(PartyRoom).where(PartyRoom.code == code).values(device_checked_at=None))  # type: ignore[call-overload]
    cache.invalidate(host, "me:player")


def _plays(fake: FakeSpotify) -> list[dict[str, object]]:
    return [{"device_id": r.arg("device_id"), **(r.json() or {})} for r in fake.api_calls(r"^/v1/me/player/play$", "PUT")]


def _status(code: str) -> party.PlayerStatus:
    return party.room_snapshot(code).player


def test_the_room_plays_pauses_and_resumes_on_the_hosts_device(fake_spotify: FakeSpotify, host: int) -> None:
    code = _room(fake_spotify, host, FIRST, SECOND)
    assert party.drive_host_device(code) == player.PLAY
    [sent] = _plays(fake_spotify)
    assert sent["device_id"] == "dev1" and sent["uris"] == [f"spotify:track:{FIRST}"]
    assert fake_spotify.player_state()["item"]["id"] == FIRST  # type: ignore[index]
    assert _status(code).message == "Playing on Kitchen speaker"

    assert party.drive_host_device(code) == player.NONE  # same play: nothing sent again
    assert len(_plays(fake_spotify)) == 1

    party.pause(code, Identity.user(host))
    assert party.drive_host_device(code) == player.PAUSE
    assert fake_spotify.player_state()["is_playing"] is False  # type: ignore[index]
    assert _status(code).message == "Paused on Kitchen speaker"
    paused_at = party.room_snapshot(code).now_playing.position_ms  # type: ignore[union-attr]

    party.resume(code, Identity.user(host))
    assert party.drive_host_device(code) == player.PLAY
    resumed = _plays(fake_spotify)[-1]
    assert resumed["uris"] == [f"spotify:track:{FIRST}"] and abs(int(resumed.get("position_ms") or 0) - paused_at) < 1500

    party.skip_now(code, Identity.user(host))
    assert party.drive_host_device(code) == player.PLAY
    assert fake_spotify.player_state()["item"]["id"] == SECOND  # type: ignore[index]
    assert fake_spotify.api_calls(r"^/v1/me/player/queue$") == []  # nothing is put in the host's own queue


def test_the_room_follows_the_host_in_their_spotify_app(fake_spotify: FakeSpotify, host: int) -> None:
    code = _room(fake_spotify, host, FIRST, SECOND)
    party.drive_host_device(code)

    fake_spotify.listener_pauses()
    _look_now(code, host)
    assert party.drive_host_device(code) == "followed_pause"
    assert party.room_snapshot(code).now_playing.paused  # type: ignore[union-attr]

    fake_spotify.listener_plays(progress_ms=60_000)
    _look_now(code, host)
    assert party.drive_host_device(code) == "followed_resume"
    now = party.room_snapshot(code).now_playing
    assert now is not None and not now.paused and 59_000 <= now.position_ms <= 62_000

    fake_spotify.listener_plays(track_id=OTHER, progress_ms=0)  # they picked something else
    _look_now(code, host)
    assert party.drive_host_device(code) == "followed_skip"
    assert party.room_snapshot(code).now_playing.track_id == SECOND  # type: ignore[union-attr]
    assert fake_spotify.player_state()["item"]["id"] == SECOND  # type: ignore[index]


def test_no_device_until_the_host_opens_spotify_and_presses_retry(fake_spotify: FakeSpotify, host: int) -> None:
    fake_spotify.close_app()
    code = _room(fake_spotify, host, FIRST)
    assert party.drive_host_device(code) == "play_failed"
    assert _status(code).message == "No active Spotify device — open Spotify on a phone or computer, then press Retry"
    assert _plays(fake_spotify) == []

    fake_spotify.devices.append({"id": "ph1", "name": "Hana's phone", "type": "Smartphone", "is_active": False})
    assert party.drive_host_device(code) == player.NONE  # backing off
    party.retry_device(code, Identity.user(host))
    assert party.drive_host_device(code) == player.PLAY
    assert _plays(fake_spotify)[0]["device_id"] == "ph1"  # named, so Spotify wakes it
    assert _status(code).message == "Playing on Hana's phone"


def test_spotify_answering_no_active_device_is_shown(fake_spotify: FakeSpotify, host: int) -> None:
    code = _room(fake_spotify, host, FIRST)
    party.drive_host_device(code)
    fake_spotify.close_app()  # Spotify quit on every device
    party.pause(code, Identity.user(host))
    assert party.drive_host_device(code) == player.PAUSE
    [refused] = fake_spotify.api_calls(r"^/v1/me/player/pause$", "PUT")
    assert refused.arg("device_id") is None  # the active device: Spotify answers 404 NO_ACTIVE_DEVICE
    assert _status(code).state == "no_device"
    party.resume(code, Identity.user(host))
    assert party.drive_host_device(code) == "play_failed"  # still nothing to play on
    assert _status(code).message.startswith("No active Spotify device")


def test_a_free_account_keeps_the_room_on_its_own_clock(fake_spotify: FakeSpotify, host: int) -> None:
    fake_spotify.product = "free"
    code = _room(fake_spotify, host, FIRST)
    assert party.drive_host_device(code) == "play_failed"
    [refused] = fake_spotify.api_calls(r"^/v1/me/player/play$", "PUT")
    assert refused.json()["uris"] == [f"spotify:track:{FIRST}"]
    shown = _status(code)
    assert shown.message == "Spotify Premium is needed to control playback — the room keeps its own clock"
    assert shown.can_retry
    assert party.drive_host_device(code) == player.NONE  # not asked again for an hour
    assert len(fake_spotify.api_calls(r"^/v1/me/player")) == 2  # the device list and the refused play


def test_a_long_429_is_respected_without_blocking(fake_spotify: FakeSpotify, host: int) -> None:
    code = _room(fake_spotify, host, FIRST)
    before = len(fake_spotify.api_calls())
    fake_spotify.rate_limit(5, retry_after=30)
    assert party.drive_host_device(code) == "play_failed"  # Retry-After 30 s: no waiting in the client
    assert _status(code).state == "rate_limited"
    assert len(fake_spotify.api_calls()) == before + 1
    assert party.drive_host_device(code) == player.NONE
    assert len(fake_spotify.api_calls()) == before + 1


def test_an_expired_token_is_refreshed_and_the_track_still_plays(fake_spotify: FakeSpotify, host: int) -> None:
    code = _room(fake_spotify, host, FIRST)
    fake_spotify.expire_access_tokens()
    assert party.drive_host_device(code) == player.PLAY
    assert len(fake_spotify.token_calls("refresh_token")) == 1
    assert _status(code).state == "playing"
