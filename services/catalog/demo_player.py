"""The demo catalog's player: music on a simulated clock, for `DemoSource`.

The player keeps its state in `DemoPlayback` / `DemoQueueItem`, so every process and
every tab of one listener sees the same position; `playback()` advances through the
queue as tracks end. The class reads `user_id`, `clock` and `_tracks_by_id` of the
`DemoSource` it is mixed into.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlmodel import Session, select

from services.catalog.models import CatalogTrack, DemoPlay, DemoPlayback, DemoQueueItem
from services.catalog.source import SourceError
from services.catalog.types import Device, Playback, Track
from services.db import as_utc, session_scope

DEVICE = Device(id="demo-player", name="Simple Balance player", type="Computer", is_active=False)


class DemoPlayer:
    """Playback methods of `MusicSource` on the simulated player."""

    user_id: int
    clock: Callable[[], dt.datetime]
    _tracks_by_id: Callable[[Session, Sequence[str]], list[Track]]

    def devices(self) -> list[Device]:
        state = self.playback()
        return [Device(DEVICE.id, DEVICE.name, DEVICE.type, is_active=bool(state and state.is_playing))]

    def _state(self, db: Session) -> DemoPlayback:
        row = db.get(DemoPlayback, self.user_id)
        if row is None:
            row = DemoPlayback(user_id=self.user_id, device_id=DEVICE.id)
            db.add(row)
        return row

    def _duration(self, db: Session, track_id: str) -> int:
        duration = db.exec(select(CatalogTrack.duration_ms).where(CatalogTrack.id == track_id)).first()
        if duration is None:
            raise SourceError("That track is not in the catalog.")
        return duration

    def _start(self, db: Session, state: DemoPlayback, track_id: str, at: dt.datetime, offset_ms: int = 0) -> None:
        state.track_id, state.started_at, state.offset_ms, state.is_playing = track_id, at, offset_ms, True
        db.add(DemoPlay(user_id=self.user_id, track_id=track_id, played_at=at))

    def _advance(self, db: Session, state: DemoPlayback, now: dt.datetime) -> None:
        """Move the simulated player to `now`: finished tracks give way to the queue, then silence."""
        while state.is_playing and state.track_id and state.started_at:
            started = as_utc(state.started_at)
            assert started is not None
            ends = started + dt.timedelta(milliseconds=self._duration(db, state.track_id) - state.offset_ms)
            if now < ends:
                return
            nxt = self._pop_queue(db)
            if nxt is None:
                state.offset_ms = self._duration(db, state.track_id)
                state.started_at, state.is_playing = ends, False
                return
            self._start(db, state, nxt, ends)

    def _pop_queue(self, db: Session) -> str | None:
        item = db.exec(select(DemoQueueItem).where(DemoQueueItem.user_id == self.user_id)
                       .order_by(DemoQueueItem.id).limit(1)).first()
        if item is None:
            return None
        db.delete(item)
        return item.track_id

    def play(self, track_id: str, device_id: str | None = None, position_ms: int = 0) -> None:
        if device_id not in (None, "", DEVICE.id):
            raise SourceError("That device is not available.")
        with session_scope() as db:
            duration = self._duration(db, track_id)
            self._start(db, self._state(db), track_id, self.clock(), max(0, min(int(position_ms), duration)))

    def pause(self) -> None:
        now = self.clock()
        with session_scope() as db:
            state = self._state(db)
            self._advance(db, state, now)
            if state.is_playing and state.started_at:
                started = as_utc(state.started_at)
                assert started is not None
                state.offset_ms += int((now - started).total_seconds() * 1000)
                state.started_at, state.is_playing = now, False
            db.add(state)

    def skip(self) -> None:
        """Next queued track now, or silence when the queue is empty."""
        now = self.clock()
        with session_scope() as db:
            state = self._state(db)
            self._advance(db, state, now)
            nxt = self._pop_queue(db)
            if nxt is None:
                state.track_id, state.started_at, state.offset_ms, state.is_playing = None, None, 0, False
            else:
                self._start(db, state, nxt, now)
            db.add(state)

    def add_to_queue(self, track_id: str) -> None:
        with session_scope() as db:
            self._duration(db, track_id)
            db.add(DemoQueueItem(user_id=self.user_id, track_id=track_id, added_at=self.clock()))

    def queue(self) -> list[Track]:
        """The tracks waiting after the current one (not part of the interface; Spotify has its own)."""
        with session_scope() as db:
            ids = db.exec(select(DemoQueueItem.track_id).where(DemoQueueItem.user_id == self.user_id)
                          .order_by(DemoQueueItem.id)).all()
            return self._tracks_by_id(db, list(ids))

    def playback(self) -> Playback | None:
        """The player now, its position computed from the clock; None when nothing is loaded."""
        now = self.clock()
        with session_scope() as db:
            state = db.get(DemoPlayback, self.user_id)
            if state is None:
                return None
            self._advance(db, state, now)
            db.add(state)
            if not state.track_id:
                return None
            track = self._tracks_by_id(db, [state.track_id])[0]
            started = as_utc(state.started_at)
            progress = state.offset_ms
            if state.is_playing and started:
                progress += int((now - started).total_seconds() * 1000)
            device = Device(DEVICE.id, DEVICE.name, DEVICE.type, is_active=state.is_playing)
            playing_since = started - dt.timedelta(milliseconds=state.offset_ms) if started else None
            return Playback(track=track, progress_ms=min(progress, track.duration_ms), is_playing=state.is_playing,
                            device=device, started_at=playing_since)

