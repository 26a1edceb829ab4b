"""Drive the host's Spotify device from the room's clock (issue 6: live playback).

The room's stored clock (`playback`) stays the one truth of what plays and when:
votes, skips and auto-play change it, everyone's progress bar reads it. When the
host has a live Spotify connection, `drive_host_device(code)` makes the host's
device follow it (listeners never stream: they see what is playing):

* a new `play_seq` starts that track on the host's active device (or, when none
  is active, the first device Spotify lists: naming it wakes it) at the room's
  position, so a late start stays in step. Pause is sent once; resume is "play
  at the room's position", which also puts the device back in step.
* The last command sent is stored on the room (`device_seq`: which play,
  `device_paused`: pause or play; `device_status` says whether it worked), and a
  lease (`device_lease_until`, taken by a compare-and-set UPDATE) lets one worker
  at a time talk to Spotify, so two workers or a restart never send it twice.
* Failures never reach the caller: they become the room's device status (see
  `device`) and a back-off (`device_retry_at`) before the command is tried again:
  no device 15 s doubling to 2 min, no Premium 1 h, a 429 its Retry-After (the
  client already waited out short ones), anything else 5 s doubling to 5 min,
  except that a new track is tried at once (it may well play). A 401 is handled
  inside the Spotify client (one token refresh). The host's Retry
  (`retry_device`) ends the back-off.

Resync rule: when the host uses their own Spotify app, the room follows the
device and never fights it. Every `SYNC_EVERY` the driver reads the host's player:
* paused there -> the room pauses; resumed there -> the room resumes;
* another track there (they skipped, or picked something) -> the room skips to
  its own next track, which then plays on the device (while the room is paused,
  the host may play anything: the room's Resume brings its track back);
* the device more than `DRIFT_MS` away from the room's position (they seeked) ->
  the room's clock moves to the device's position;
* no playback at all (Spotify closed) -> "no active device"; the clock runs on.
In the last `END_MARGIN_MS` of a track nothing is followed: there the device
finishing a moment early, or Spotify's autoplay, is the natural end that the
room's auto-play handles.

Nothing goes into the host's Spotify queue: a queued track cannot be taken back
(a track voted down after being queued would still play), and it would play again
after the next explicit start. Each track is started when the room reaches it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from services.db import utcnow
from services.party import roles
from services.party.device import ERROR, NO_DEVICE, NOT_DRIVEN, PAUSED, PLAYING, PREMIUM, RATE_LIMITED, READY
from services.party.errors import RoomNotFound
from services.party.models import PartyRoom
from services.party.playback import _advance
from services.party.player_plan import (
    CHECK,
    CLEAR,
    DRIFT_MS,
    END_MARGIN_MS,
    LEASE,
    MARK_READY,
    NONE,
    PAUSE,
    PLAY,
    _Room,
    plan,
)
from services.party.tx import load_room, normalize_code, require_member, require_open, room_action, run_in_transaction
from services.party.types import Identity

if TYPE_CHECKING:
    from services.catalog.types import Device, Playback

log = logging.getLogger(__name__)

_RESET: dict[str, Any] = {
    "device_seq": 0, "device_paused": False, "device_status": NOT_DRIVEN, "device_name": "",
    "device_detail": "", "device_sent_at": None, "device_checked_at": None, "device_retry_at": None,
    "device_failures": 0,
}
_VISIBLE = ("device_status", "device_name", "device_detail")


class DevicePlayer(Protocol):
    """The part of `MusicSource` the driver uses (tests pass a fake with the same shape)."""

    kind: str

    def devices(self) -> list[Device]: ...

    def play(self, track_id: str, device_id: str | None = None, position_ms: int = 0) -> None: ...

    def pause(self) -> None: ...

    def playback(self) -> Playback | None: ...


SourceFor = Callable[[int], DevicePlayer]


def _host_source(user_id: int) -> DevicePlayer:
    """The host's music source; imported on first use (the catalog pulls in the Spotify client)."""
    from services.catalog import get_source

    return get_source(user_id)


@dataclass
class _Outcome:
    """What a step found: the device columns to store, and what the room does to follow the host."""

    step: str
    fields: dict[str, Any] = field(default_factory=dict)
    follow: str = ""  # "" | pause | resume | skip | seek
    at_ms: int = 0  # the device's position, which the room takes when it follows


def drive_host_device(code: str, now: datetime | None = None, source_for: SourceFor | None = None) -> str:
    """Make the host's Spotify device play what the room plays; returns the step taken.

    Cheap to call on every tick of the room's ticker and after every playback
    action: deciding costs one read (plus a look at the host's connection), Spotify
    is only called when something must be sent or a look is due. Never raises.
    """
    code = normalize_code(code)
    source_for = source_for or _host_source
    try:
        step = _drive(code, now or utcnow(), source_for)
        if step == "followed_skip":  # the room moved on: start its next track right away
            _drive(code, now or utcnow(), source_for)
        return step
    except RoomNotFound:
        return NONE
    except Exception:
        log.exception("party: driving the host's device of room %s failed", code)
        return "failed"


def _drive(code: str, now: datetime, source_for: SourceFor) -> str:
    room = run_in_transaction(lambda db: _Room.of(load_room(db, code)))
    step = plan(room, now)
    if step == NONE and room.device_status == NOT_DRIVEN:
        return NONE
    source = source_for(room.host_user_id)
    if getattr(source, "kind", "") != "spotify":  # demo: the room's clock is the player
        if room.device_status != NOT_DRIVEN:
            _store(code, room, _Outcome(CLEAR, dict(_RESET)), now)
            return CLEAR
        return NONE
    if step == MARK_READY:
        if room.device_status != READY:
            _store(code, room, _Outcome(MARK_READY, {"device_status": READY, "device_name": "", "device_detail": ""}), now)
            return MARK_READY
        return NONE
    if step == NONE:
        return NONE
    claimed = _claim(code, now)
    if claimed is None:
        return NONE  # another worker is talking to the device
    step = plan(claimed, now)  # decide again on what is stored now
    if step not in (PLAY, PAUSE, CHECK):
        _release(code)
        return NONE
    outcome = _perform(step, claimed, source, now)
    outcome.fields["device_lease_until"] = None  # done talking to Spotify
    _store(code, claimed, outcome, now)
    return outcome.step


def _claim(code: str, now: datetime) -> _Room | None:
    """Take the lease (compare-and-set, no version bump) and read the room fresh; None if taken."""

    def unit(db: Session) -> _Room | None:
        taken = db.exec(  # type: ignore[call-overload]
            update(PartyRoom)
            .where(
                col(PartyRoom.code) == code,
                or_(col(PartyRoom.device_lease_until).is_(None), col(PartyRoom.device_lease_until) <= now),
            )
            .values(device_lease_until=now + LEASE)
        )
        if not taken.rowcount:
            return None
        return _Room.of(db.exec(select(PartyRoom).where(PartyRoom.code == code).execution_options(populate_existing=True)).one())

    return run_in_transaction(unit)


def _release(code: str) -> None:
    run_in_transaction(
        lambda db: db.exec(update(PartyRoom).where(col(PartyRoom.code) == code).values(device_lease_until=None))  # type: ignore[call-overload]
    )


def _pick(devices: list[Device]) -> Device | None:
    """The active device, else the first one listed (passing its id wakes it)."""
    return next((d for d in devices if d.is_active), None) or next(iter(devices), None)


def _perform(step: str, room: _Room, source: DevicePlayer, now: datetime) -> _Outcome:
    ok: dict[str, Any] = {"device_retry_at": None, "device_failures": 0, "device_sent_at": now, "device_checked_at": now}
    if step == PLAY:
        sent = {"device_seq": room.play_seq, "device_paused": False, "device_sent_at": now}
        try:
            device = _pick(source.devices())
            if device is None:
                return _failed(PLAY, room, now, sent, NO_DEVICE, "")
            source.play(room.track_id, device.id or None, room.position_ms(now))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a status, see _classify
            return _failed(PLAY, room, now, sent, *_classify(exc))
        return _Outcome(PLAY, {**ok, **sent, "device_status": PLAYING, "device_name": device.name, "device_detail": ""})
    if step == PAUSE:
        sent = {"device_paused": True, "device_sent_at": now}
        try:
            source.pause()
        except Exception as exc:  # noqa: BLE001
            status, detail, wait = _classify(exc)
            if status == NO_DEVICE:  # nothing plays anyway; the resume starts the track again
                return _Outcome(PAUSE, {**ok, **sent, "device_status": NO_DEVICE, "device_name": "", "device_detail": ""})
            if status == ERROR and _is_forbidden(exc):  # "restriction violated": it was not playing
                return _Outcome(PAUSE, {**ok, **sent, "device_status": PAUSED})
            return _failed(PAUSE, room, now, sent, status, detail, wait)
        return _Outcome(PAUSE, {**ok, **sent, "device_status": PAUSED})
    try:
        current = source.playback()
    except Exception as exc:  # noqa: BLE001
        return _failed(CHECK, room, now, {}, *_classify(exc))
    return _follow(room, current, now)


def _follow(room: _Room, current: Playback | None, now: datetime) -> _Outcome:
    """Compare the host's player with the room and decide what the room follows (the resync rule)."""
    looked: dict[str, Any] = {"device_retry_at": None, "device_failures": 0, "device_checked_at": now}
    near_end = room.duration_ms - room.position_ms(now) <= END_MARGIN_MS
    if current is None or current.device is None:
        if room.paused or near_end:
            return _Outcome(CHECK, looked)
        return _Outcome("device_gone", {**looked, "device_status": NO_DEVICE, "device_name": "", "device_detail": "",
                                        "device_failures": 1, "device_retry_at": now + _backoff(NO_DEVICE, 1, 0)})
    looked["device_name"] = current.device.name or room.device_name
    track = current.track
    same = track is not None and (track.id == room.track_id or track.name.casefold() == room.title.casefold())
    if not same:  # while the room is paused the host may use Spotify for anything; Resume brings the room back
        return _Outcome(CHECK, looked) if (near_end or room.paused) else _Outcome("followed_skip", looked, follow="skip")
    if room.paused and current.is_playing:
        return _Outcome("followed_resume", {**looked, "device_paused": False, "device_status": PLAYING},
                        follow="resume", at_ms=current.progress_ms)
    if not room.paused and not current.is_playing:
        if near_end or (track is not None and track.duration_ms - current.progress_ms <= END_MARGIN_MS):
            return _Outcome(CHECK, looked)
        return _Outcome("followed_pause", {**looked, "device_paused": True, "device_status": PAUSED},
                        follow="pause", at_ms=current.progress_ms)
    if not room.paused and not near_end and abs(current.progress_ms - room.position_ms(now)) > DRIFT_MS:
        return _Outcome("followed_seek", looked, follow="seek", at_ms=current.progress_ms)
    return _Outcome(CHECK, looked)


def _classify(exc: Exception) -> tuple[str, str, int]:
    """(device status, detail people can read, seconds Spotify asked us to wait) for a failure."""
    from services.catalog.source import SourceError
    from services.spotify.errors import NoActiveDevice, PremiumRequired, RateLimited

    if isinstance(exc, NoActiveDevice):
        return NO_DEVICE, "", 0
    if isinstance(exc, PremiumRequired):
        return PREMIUM, "", 0
    if isinstance(exc, RateLimited):
        return RATE_LIMITED, "", exc.retry_after
    if isinstance(exc, SourceError):
        log.info("party: the host's Spotify refused (%s): %s", type(exc).__name__, exc.message)
        return ERROR, exc.message, 0
    log.error("party: unexpected failure driving the host's device", exc_info=exc)
    return ERROR, "an unexpected error", 0


def _is_forbidden(exc: Exception) -> bool:
    from services.spotify.errors import SpotifyForbidden

    return isinstance(exc, SpotifyForbidden)


def _backoff(status: str, failures: int, retry_after: int) -> timedelta:
    """How long to leave Spotify alone after `failures` failures in a row."""
    n = max(1, failures)
    if status == PREMIUM:
        return timedelta(hours=1)  # an account's plan does not change by itself; Retry after upgrading
    if status == RATE_LIMITED:
        return timedelta(seconds=max(5, retry_after))
    if status == NO_DEVICE:
        return timedelta(seconds=min(120, 15 * 2 ** (n - 1)))
    return timedelta(seconds=min(300, 5 * 2 ** (n - 1)))


def _failed(step: str, room: _Room, now: datetime, sent: dict[str, Any], status: str, detail: str,
            retry_after: int = 0) -> _Outcome:
    """A failed step: back off; a failed command shows why, a failed look changes nothing people see."""
    failures = room.device_failures + 1
    fields: dict[str, Any] = {**sent, "device_retry_at": now + _backoff(status, failures, retry_after),
                              "device_failures": failures}
    if step == CHECK:
        return _Outcome("check_failed", fields)
    fields.update(device_status=status, device_detail=detail[:300])
    if status in (NO_DEVICE, PREMIUM):
        fields["device_name"] = ""
    return _Outcome(f"{step}_failed", fields)


def _store(code: str, seen: _Room, outcome: _Outcome, now: datetime) -> None:
    """Write the outcome. A change people see (status, device, the room following the host)
    is a room action (new version, announced); bookkeeping alone is a quiet UPDATE."""
    fields = outcome.fields
    visible = bool(outcome.follow) or any(k in fields and fields[k] != getattr(seen, k) for k in _VISIBLE)
    if not visible:
        if fields:
            run_in_transaction(
                lambda db: db.exec(update(PartyRoom).where(col(PartyRoom.code) == code).values(**fields))  # type: ignore[call-overload]
            )
        return

    def work(db: Session, room: PartyRoom) -> None:
        still = room.play_seq == seen.play_seq and (room.paused_at is None) == (not seen.paused)
        if outcome.follow and still and room.ended_at is None:
            _follow_host(db, room, outcome, now)
        for key, value in fields.items():
            setattr(room, key, value)
        db.add(room)

    room_action(code, "playback", work)


def _follow_host(db: Session, room: PartyRoom, outcome: _Outcome, now: datetime) -> None:
    """The room takes what the host did on their own device (the resync rule above)."""
    at = now - timedelta(milliseconds=max(0, outcome.at_ms))
    if outcome.follow == "skip":
        _advance(db, room, now, on_time=False)
    elif outcome.follow == "pause":
        room.started_at, room.paused_at = at, now
    elif outcome.follow in ("resume", "seek"):
        room.started_at, room.paused_at = at, None
    log.info("party: room %s follows the host's device (%s)", room.code, outcome.follow)


def retry_device(code: str, who: Identity) -> None:
    """Host or co-host: try the host's Spotify device again now (after opening Spotify, say).

    Ends the back-off and, unless the room is paused, sends the room's track again
    at the room's position (which also puts a drifted device back in step); the
    driver's next run does it.
    """

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "control_playback")
        room.device_retry_at, room.device_failures, room.device_checked_at = None, 0, None
        if room.paused_at is None and room.started_at is not None:
            room.device_seq = -1  # not the current play: sent again
        db.add(room)

    room_action(code, "playback", work)


# ---------------------------------------------------------------------------- background runs

_runs_lock = threading.Lock()
_running: set[str] = set()
_again: set[str] = set()


def drive_soon(code: str, source_for: SourceFor | None = None) -> None:
    """Run `drive_host_device` in a background thread and return at once.

    Spotify's latency (or a 429 wait inside the client) then never delays the
    room's clock, an event handler, or the app's shared thread pool. One run per
    room at a time; a call during a run makes it run once more afterwards.
    """
    code = normalize_code(code)
    with _runs_lock:
        if code in _running:
            _again.add(code)
            return
        _running.add(code)
    threading.Thread(target=_run, args=(code, source_for), name=f"party-device-{code}", daemon=True).start()


def _run(code: str, source_for: SourceFor | None) -> None:
    while True:
        drive_host_device(code, source_for=source_for)
        with _runs_lock:
            if code not in _again:
                _running.discard(code)
                return
            _again.discard(code)
