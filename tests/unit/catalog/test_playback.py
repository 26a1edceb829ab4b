"""The simulated player: position follows the clock, tracks end, the queue takes over."""

from __future__ import annotations

import datetime as dt

import pytest

from services.catalog import SourceError
from services.catalog.demo import DemoSource


class Clock:
    """A hand-driven clock."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 5, 1, 20, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def player(make_user) -> tuple[DemoSource, Clock]:  # type: ignore[no-untyped-def]
    clock = Clock()
    return DemoSource(make_user(), clock=clock), clock


def test_nothing_plays_until_asked(player) -> None:  # type: ignore[no-untyped-def]
    src, _ = player
    assert src.playback() is None
    assert [d.is_active for d in src.devices()] == [False]


def test_position_follows_the_clock_and_pause_holds_it(player) -> None:  # type: ignore[no-untyped-def]
    src, clock = player
    track = src.top_tracks(limit=1).items[0]
    src.play(track.id)
    clock.advance(seconds=12.5)
    now = src.playback()
    assert now and now.track and now.track.id == track.id and now.is_playing and now.progress_ms == 12_500
    src.pause()
    clock.advance(minutes=5)
    paused = src.playback()
    assert paused and not paused.is_playing and paused.progress_ms == 12_500
    assert src.recently_played(1)[0].track.id == track.id


def test_queue_takes_over_when_a_track_ends_then_silence(player) -> None:  # type: ignore[no-untyped-def]
    src, clock = player
    first, second = src.top_tracks(limit=2).items
    src.play(first.id)
    src.add_to_queue(second.id)
    assert [t.id for t in src.queue()] == [second.id]
    clock.advance(milliseconds=first.duration_ms + 3_000)
    now = src.playback()
    assert now and now.track and now.track.id == second.id and now.progress_ms == 3_000
    assert src.queue() == []
    clock.advance(milliseconds=second.duration_ms)
    ended = src.playback()
    assert ended and not ended.is_playing and ended.progress_ms == second.duration_ms


def test_skip_jumps_to_the_next_queued_track_or_stops(player) -> None:  # type: ignore[no-untyped-def]
    src, clock = player
    first, second = src.top_tracks(limit=2).items
    src.play(first.id)
    src.add_to_queue(second.id)
    clock.advance(seconds=30)
    src.skip()
    now = src.playback()
    assert now and now.track and now.track.id == second.id and now.progress_ms == 0
    src.skip()
    assert src.playback() is None


def test_two_sources_of_one_listener_share_the_player(player) -> None:  # type: ignore[no-untyped-def]
    src, clock = player
    track = src.top_tracks(limit=1).items[0]
    src.play(track.id)
    clock.advance(seconds=4)
    other_tab = DemoSource(src.user_id, clock=clock)
    state = other_tab.playback()
    assert state and state.track and state.track.id == track.id and state.progress_ms == 4_000


def test_unknown_tracks_and_devices_are_refused(player) -> None:  # type: ignore[no-untyped-def]
    src, _ = player
    with pytest.raises(SourceError):
        src.play("no-such-track")
    with pytest.raises(SourceError):
        src.add_to_queue("no-such-track")
    with pytest.raises(SourceError):
        src.play(src.top_tracks(limit=1).items[0].id, device_id="someone-elses-speaker")
