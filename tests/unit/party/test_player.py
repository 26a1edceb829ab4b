"""The host's Spotify device driven from the room's clock: what is sent when, what the room
shows, and how the room follows the host's own device (see services/party/player.py).

`HostPlayer` is a fake of the host's live source (same shape as `SpotifySource`'s
playback methods, raising the same typed errors); the real spotipy client against the
fake Spotify server is in tests/contract/test_spotify_party_player.py.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from services import party
from services.catalog.types import Device, Playback, Track
from services.party import player
from services.spotify.client import NotFound
from services.spotify.errors import NoActiveDevice, PremiumRequired, RateLimited, SpotifyForbidden, SpotifyUnavailable
from tests.unit.party.conftest import Room, later, make_user, track
from tests.unit.party.test_concurrency import postgres_db  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("db")

KITCHEN = Device("dev1", "Kitchen speaker", "Speaker", is_active=True)


class HostPlayer:
    """The host's Spotify as the driver sees it: devices, play, pause, what plays now."""

    kind = "spotify"

    def __init__(self, devices: list[Device] | None = None) -> None:
        self.device_list = [KITCHEN] if devices is None else devices
        self.calls: list[tuple[object, ...]] = []
        self.fail: Exception | None = None  # raised by every command (play, pause) until cleared
        self.fail_reads: Exception | None = None  # raised by every read (devices, playback)
        self.now: Playback | None = None
        self.delay = 0.0

    def _call(self, *call: object) -> None:
        self.calls.append(call)
        if self.delay:
            time.sleep(self.delay)
        failure = self.fail if call[0] in ("play", "pause") else self.fail_reads
        if failure is not None:
            raise failure

    def devices(self) -> list[Device]:
        self._call("devices")
        return list(self.device_list)

    def play(self, track_id: str, device_id: str | None = None, position_ms: int = 0) -> None:
        self._call("play", track_id, device_id, position_ms)
        device = next(d for d in self.device_list if d.id == device_id)
        self.now = Playback(Track(track_id, f"Song {track_id[1:]}", duration_ms=180_000), position_ms, True, device)

    def pause(self) -> None:
        self._call("pause")
        if self.now is not None:
            self.now = Playback(self.now.track, self.now.progress_ms, False, self.now.device)

    def playback(self) -> Playback | None:
        self._call("playback")
        return self.now

    def host_does(self, track_id: str | None = None, progress_ms: int = 0, playing: bool = True) -> None:
        """The host uses the Spotify app itself."""
        assert self.now is not None and self.now.track is not None
        tid = track_id or self.now.track.id
        self.now = Playback(Track(tid, f"Song {tid[1:]}", duration_ms=180_000), progress_ms, playing, self.now.device)

    def sent(self) -> list[tuple[object, ...]]:
        """Commands (not reads) sent to the device."""
        return [c for c in self.calls if c[0] in ("play", "pause")]


class DemoHost:
    kind = "demo"


def drive(room: Room, host: object, at: float) -> str:
    return party.drive_host_device(room.code, now=later(at), source_for=lambda _uid: host)  # type: ignore[arg-type,return-value]


def status(room: Room, at: float = 0) -> party.PlayerStatus:
    return party.room_snapshot(room.code, now=later(at)).player


def now_playing(room: Room, at: float) -> party.NowPlaying:
    np = party.room_snapshot(room.code, now=later(at)).now_playing
    assert np is not None
    return np


def playing_room(room: Room, *tracks: int) -> None:
    """Queue `tracks` (3 min each) and start the first at later(2)."""
    for n in tracks:
        party.add_to_queue(room.code, room.host, track(n), now=later(1))
    assert party.advance_if_ended(room.code, now=later(2))


def test_a_new_play_starts_on_the_active_device_at_the_rooms_position_once(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    assert drive(room, host, 3.5) == player.PLAY
    assert host.sent() == [("play", "t1", "dev1", 1500)]
    shown = status(room, 4)
    assert (shown.mode, shown.state, shown.message, shown.can_retry) == ("spotify", "playing", "Playing on Kitchen speaker", False)

    # same play_seq: nothing is sent again, by this worker or by a restarted one
    assert drive(room, host, 5) == player.NONE
    assert drive(room, HostPlayer(), 8) == player.NONE
    assert host.sent() == [("play", "t1", "dev1", 1500)]


def test_the_next_track_is_sent_when_the_room_moves_on(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1, 2)
    drive(room, host, 3)
    party.skip_now(room.code, room.host, now=later(30))
    assert drive(room, host, 30.2) == player.PLAY
    assert host.sent()[-1] == ("play", "t2", "dev1", 200)
    assert party.advance_if_ended(room.code, now=later(211))  # t2 ends at 210 s: idle
    assert drive(room, host, 212) == player.MARK_READY
    assert status(room).message.startswith("Spotify is connected")


def test_an_inactive_device_is_woken_by_naming_it(room: Room) -> None:
    phone = Device("ph1", "Hana's phone", "Smartphone", is_active=False)
    host = HostPlayer([phone])
    playing_room(room, 1)
    drive(room, host, 3)
    assert host.sent() == [("play", "t1", "ph1", 1000)]
    assert status(room).message == "Playing on Hana's phone"


def test_room_pause_and_resume_reach_the_device_once_each(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    party.pause(room.code, room.host, now=later(20))
    assert drive(room, host, 20.5) == player.PAUSE
    assert drive(room, host, 21) == player.NONE
    assert status(room).message == "Paused on Kitchen speaker"
    party.resume(room.code, room.host, now=later(60))
    assert drive(room, host, 61) == player.PLAY  # resume = play at the room's position
    assert host.sent() == [("play", "t1", "dev1", 1000), ("pause",), ("play", "t1", "dev1", 19_000)]
    assert status(room).state == "playing"


def test_a_failed_pause_is_tried_again_and_a_stopped_device_counts_as_paused(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    party.pause(room.code, room.host, now=later(10))
    host.fail = SpotifyUnavailable("Spotify is having trouble right now. Try again in a moment.")
    assert drive(room, host, 10.5) == "pause_failed"
    assert drive(room, host, 12) == player.NONE  # 5 s back-off
    host.fail = SpotifyForbidden("Spotify does not allow this for your account or this app.")  # "restriction violated"
    assert drive(room, host, 16) == player.PAUSE
    assert status(room).state == "paused"
    assert [c[0] for c in host.sent()] == ["play", "pause", "pause"]


def test_retry_while_playing_puts_a_drifted_device_back_in_step(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    party.retry_device(room.code, room.host)
    assert drive(room, host, 50) == player.PLAY
    assert host.sent()[-1] == ("play", "t1", "dev1", 48_000)


def test_no_device_shows_what_to_do_backs_off_and_retry_plays(room: Room) -> None:
    host = HostPlayer(devices=[])
    playing_room(room, 1)
    assert drive(room, host, 3) == "play_failed"
    shown = status(room)
    assert shown.message == "No active Spotify device — open Spotify on a phone or computer, then press Retry"
    assert shown.can_retry
    calls = len(host.calls)
    assert drive(room, host, 10) == player.NONE  # backing off (15 s): Spotify is not asked
    assert len(host.calls) == calls

    gus = room.guest("Gus")
    with pytest.raises(party.PartyPermissionError):
        party.retry_device(room.code, gus)
    host.device_list = [KITCHEN]  # the host opened Spotify
    party.retry_device(room.code, room.host)
    assert drive(room, host, 11) == player.PLAY
    assert host.sent() == [("play", "t1", "dev1", 9000)]
    assert status(room).state == "playing"


def test_spotify_saying_no_active_device_is_the_same_state(room: Room) -> None:
    host = HostPlayer()
    host.fail = NoActiveDevice("No active Spotify device: open Spotify on a phone or computer.")
    playing_room(room, 1)
    drive(room, host, 3)
    assert status(room).state == "no_device"
    host.fail = None
    assert drive(room, host, 17) == player.NONE  # 15 s back-off from 3 s
    assert drive(room, host, 18.5) == player.PLAY  # tried again by itself
    assert status(room).state == "playing"


def test_without_premium_the_room_keeps_its_clock_and_does_not_ask_again_soon(room: Room) -> None:
    host = HostPlayer()
    host.fail = PremiumRequired("This needs Spotify Premium.")
    playing_room(room, 1, 2)
    drive(room, host, 3)
    shown = status(room)
    assert shown.message == "Spotify Premium is needed to control playback — the room keeps its own clock"
    assert shown.can_retry
    calls = len(host.calls)
    assert party.advance_if_ended(room.code, now=later(183))  # the clock plays on
    assert drive(room, host, 184) == player.NONE  # no call for an hour
    assert len(host.calls) == calls and now_playing(room, 184).track_id == "t2"


def test_a_429_is_respected(room: Room) -> None:
    host = HostPlayer()
    host.fail = RateLimited(40)
    playing_room(room, 1)
    drive(room, host, 3)
    assert status(room).state == "rate_limited"
    assert "slow down" in status(room).message
    host.fail = None
    assert drive(room, host, 42) == player.NONE  # Retry-After: 40 s
    assert drive(room, host, 43.5) == player.PLAY
    assert host.sent()[-1] == ("play", "t1", "dev1", 41_500)


def test_other_failures_back_off_doubling_and_say_why(room: Room) -> None:
    host = HostPlayer()
    host.fail = SpotifyUnavailable("Spotify is having trouble right now. Try again in a moment.")
    playing_room(room, 1)
    drive(room, host, 3)  # failure 1: wait 5 s
    assert status(room).message == (
        "Spotify could not play this (Spotify is having trouble right now. Try again in a moment)"
        " — the room keeps its own clock"
    )
    assert drive(room, host, 7) == player.NONE
    assert drive(room, host, 8) == "play_failed"  # failure 2: wait 10 s
    assert drive(room, host, 17) == player.NONE
    host.fail = None
    assert drive(room, host, 18) == player.PLAY


def test_a_refused_track_is_tried_again_later_and_the_next_one_at_once(room: Room) -> None:
    host = HostPlayer()
    host.fail = NotFound("Spotify does not know this item.")
    playing_room(room, 1, 2)
    drive(room, host, 3)  # failure 1: wait 5 s
    assert status(room).state == "error"
    assert drive(room, host, 7) == player.NONE
    assert drive(room, host, 8.5) == "play_failed"  # failure 2: wait 10 s
    host.fail = None
    party.skip_now(room.code, room.host, now=later(9))
    assert drive(room, host, 9.5) == player.PLAY  # a new track does not wait for the back-off
    assert [c[1] for c in host.sent()] == ["t1", "t1", "t2"]
    assert status(room).state == "playing"


def test_the_demo_source_changes_nothing(room: Room) -> None:
    playing_room(room, 1)
    assert drive(room, DemoHost(), 3) == player.NONE
    shown = status(room)
    assert (shown.mode, shown.state) == ("demo", "")
    assert shown.message == "Demo player: the room's own clock plays the tracks."
    version = party.room_snapshot(room.code).version
    drive(room, DemoHost(), 20)
    assert party.room_snapshot(room.code).version == version  # no pushes for nothing


def test_disconnecting_spotify_goes_back_to_the_demo_clock(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    assert drive(room, DemoHost(), 5) == player.CLEAR
    assert status(room).mode == "demo"


def test_the_host_pausing_and_resuming_on_their_device_is_followed(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    host.host_does(progress_ms=20_000, playing=False)
    assert drive(room, host, 8) == player.NONE  # looked at every 10 s
    assert drive(room, host, 13.5) == "followed_pause"
    np = now_playing(room, 30)
    assert np.paused and np.position_ms == 20_000
    assert status(room).message == "Paused on Kitchen speaker"
    host.host_does(progress_ms=25_000, playing=True)
    assert drive(room, host, 24) == "followed_resume"
    np = now_playing(room, 24)
    assert not np.paused and np.position_ms == 25_000
    assert host.sent() == [("play", "t1", "dev1", 1000)]  # the room followed; nothing was sent back


def test_the_host_skipping_on_their_device_moves_the_room_on(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1, 2)
    drive(room, host, 3)
    host.host_does(track_id="x99", progress_ms=2_000)  # pressed "next" in Spotify
    assert drive(room, host, 14) == "followed_skip"
    assert now_playing(room, 14).track_id == "t2"
    assert host.sent()[-1] == ("play", "t2", "dev1", 0)  # and the room's next track plays there


def test_while_the_room_is_paused_the_host_may_play_anything(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1, 2)
    drive(room, host, 3)
    party.pause(room.code, room.host, now=later(10))
    drive(room, host, 10.5)
    host.host_does(track_id="x77", progress_ms=1_000)  # their own music during the break
    assert drive(room, host, 25) == player.CHECK
    assert now_playing(room, 25).track_id == "t1" and now_playing(room, 25).paused
    party.resume(room.code, room.host, now=later(40))
    assert drive(room, host, 40.5) == player.PLAY
    assert host.sent()[-1] == ("play", "t1", "dev1", 8_500)


def test_the_host_seeking_moves_the_rooms_clock(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    host.host_does(progress_ms=90_000)
    assert drive(room, host, 14) == "followed_seek"
    assert now_playing(room, 24).position_ms == 100_000
    assert now_playing(room, 24).ends_at == later(14 + 90)


def test_near_the_end_the_device_is_not_followed(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1, 2)
    drive(room, host, 3)
    host.host_does(track_id="x42", progress_ms=500)  # Spotify's autoplay after our track ended early
    assert drive(room, host, 177) == player.CHECK
    assert now_playing(room, 177).track_id == "t1"


def test_the_host_closing_spotify_shows_no_device(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    host.now = None
    assert drive(room, host, 14) == "device_gone"
    assert status(room).state == "no_device"
    assert not now_playing(room, 20).paused  # the clock runs on
    host.now = Playback(None, 0, False, KITCHEN)
    assert drive(room, host, 30) == player.PLAY  # back after the back-off, at the room's position
    assert host.sent()[-1] == ("play", "t1", "dev1", 28_000)


def test_a_failed_look_changes_nothing_people_see(room: Room) -> None:
    host = HostPlayer()
    playing_room(room, 1)
    drive(room, host, 3)
    version = party.room_snapshot(room.code).version
    host.fail_reads = SpotifyUnavailable("Spotify could not be reached. Try again in a moment.")
    assert drive(room, host, 14) == "check_failed"
    assert status(room).state == "playing" and party.room_snapshot(room.code).version == version


def _two_workers_start_the_track_once(room: Room) -> None:
    host = HostPlayer()
    host.delay = 0.2  # Spotify takes its time: the second worker decides while the first is sending
    playing_room(room, 1)
    barrier = threading.Barrier(2)
    steps: list[str] = []

    def worker() -> None:
        barrier.wait()
        steps.append(drive(room, host, 3))

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert sorted(steps) == ["", "play"]
    assert host.sent() == [("play", "t1", "dev1", 1000)]
    assert drive(room, host, 4) == player.NONE  # and nobody sends it later


def test_two_workers_start_the_track_once_on_sqlite(room: Room) -> None:
    _two_workers_start_the_track_once(room)


@pytest.mark.postgres
def test_two_workers_start_the_track_once_on_postgresql(postgres_db: None) -> None:
    host = make_user("Hana")
    _two_workers_start_the_track_once(Room(party.create_room(host.user_id or 0, "Pg", now=later(0)).code, host))


def test_drive_soon_runs_in_the_background_and_coalesces(room: Room) -> None:
    host = HostPlayer()
    host.delay = 0.1
    party.add_to_queue(room.code, room.host, track(1))
    party.advance_if_ended(room.code)  # on the real clock: the background run reads it
    started = time.monotonic()
    for _ in range(5):
        party.drive_soon(room.code, source_for=lambda _uid: host)  # type: ignore[arg-type,return-value]
    assert time.monotonic() - started < 0.05  # the caller never waits for Spotify
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (room.code in player._running or not host.sent()):
        time.sleep(0.02)
    assert [c[0] for c in host.sent()] == ["play"]
    assert len(host.calls) <= 4  # one run, then at most one more for the calls made meanwhile


def test_the_snapshot_carries_the_status_for_every_page(room: Room) -> None:
    playing_room(room, 1)
    drive(room, HostPlayer(devices=[]), 3)
    data = party.room_snapshot(room.code).to_dict()
    assert data["player"]["state"] == "no_device" and data["player"]["can_retry"] is True


def test_plan_is_a_pure_function_of_the_room(room: Room) -> None:
    playing_room(room, 1)
    from services.db import session_scope
    from services.party.models import PartyRoom
    from sqlmodel import select

    with session_scope() as db:
        stored = player._Room.of(db.exec(select(PartyRoom).where(PartyRoom.code == room.code)).one())
    at: datetime = later(3)
    assert player.plan(stored, at) == player.PLAY
    assert player.plan(stored, later(180)) == player.NONE  # under 3 s left: not worth starting
