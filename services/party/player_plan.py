"""What to do next about the host's Spotify device, decided from the room's stored
state alone (no Spotify call): the driver's plan (`player` carries it out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.db import as_utc
from services.party import clock
from services.party.device import ERROR, NO_DEVICE, NOT_DRIVEN, PAUSED, PLAYING, RETRYABLE
from services.party.models import PartyRoom

SYNC_EVERY = timedelta(seconds=10)  # how often to look at the host's player while nothing changes
LEASE = timedelta(seconds=60)  # longer than the Spotify client's worst wait (3 x 10 s on 429s, 10 s timeouts)
NEAR_END_MS = 3_000  # a track with less left than this is not started on the device
END_MARGIN_MS = 8_000  # the end of a track, where the device is not followed
DRIFT_MS = 4_000  # the device this far from the room's position: the host seeked

# Steps (also what `drive_host_device` returns, for tests and logs)
NONE, CLEAR, MARK_READY, PLAY, PAUSE, CHECK = "", "clear", "ready", "play", "pause", "check"


@dataclass(frozen=True)
class _Room:
    """The fields of a room the driver decides on, read in one transaction."""

    host_user_id: int
    ended: bool
    play_seq: int
    track_id: str
    title: str
    duration_ms: int
    started_at: datetime | None
    paused_at: datetime | None
    device_seq: int
    device_paused: bool
    device_status: str
    device_name: str
    device_detail: str
    device_checked_at: datetime | None
    device_retry_at: datetime | None
    device_failures: int

    @classmethod
    def of(cls, room: PartyRoom) -> _Room:
        return cls(
            host_user_id=room.host_user_id,
            ended=room.ended_at is not None,
            play_seq=room.play_seq,
            track_id=room.current_track_id,
            title=room.current_title,
            duration_ms=room.current_duration_ms,
            started_at=as_utc(room.started_at),
            paused_at=as_utc(room.paused_at),
            device_seq=room.device_seq,
            device_paused=room.device_paused,
            device_status=room.device_status,
            device_name=room.device_name,
            device_detail=room.device_detail,
            device_checked_at=as_utc(room.device_checked_at),
            device_retry_at=as_utc(room.device_retry_at),
            device_failures=room.device_failures,
        )

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def position_ms(self, now: datetime) -> int:
        return clock.position_ms(self.started_at, self.paused_at, self.duration_ms, now)


def plan(room: _Room, now: datetime) -> str:
    """The next thing to do about the host's device, from the room's stored state alone.

    PLAY when the device was not sent this play (a new track, or a resume), PAUSE
    when the room paused while the device plays one of ours, the same command again
    after a failure once the back-off is over, CHECK when it is time to look at the
    host's player, MARK_READY when the room went idle, else NONE.
    """
    if room.ended:
        return NONE
    if room.started_at is None or not room.track_id:
        return MARK_READY if room.device_status in (NOT_DRIVEN, PLAYING, PAUSED) else NONE
    failed = room.device_status in RETRYABLE
    new_track = room.device_seq != room.play_seq
    if room.device_retry_at is not None and now < room.device_retry_at and not (new_track and room.device_status == ERROR):
        return NONE
    due = room.device_checked_at is None or now - room.device_checked_at >= SYNC_EVERY
    if room.paused:
        if room.device_paused and not new_track:
            return NONE if (failed and room.device_status == NO_DEVICE) else PAUSE if failed else CHECK if due else NONE
        # stop the device when it plays one of ours; a play that never reached it waits for the resume
        return PAUSE if (room.device_status == PLAYING or (failed and room.device_paused)) else NONE
    if new_track or room.device_paused or failed:
        return PLAY if room.duration_ms - room.position_ms(now) > NEAR_END_MS else NONE
    return CHECK if due else NONE
