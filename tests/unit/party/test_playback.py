"""Now playing on a clock: auto-play, the fallback playlist, pause, vote to skip."""

from __future__ import annotations

import threading
import pytest

from services import party
from services.party import RoomSettings, clock
from tests.unit.party.conftest import T0, Room, later, track

pytestmark = pytest.mark.usefixtures("db")


def playing(room: Room, at_seconds: float) -> party.NowPlaying | None:
    return party.room_view(room.code, room.host, now=later(at_seconds)).now_playing


def test_clock_functions() -> None:
    start = T0
    assert clock.position_ms(start, None, 180_000, later(30)) == 30_000
    assert clock.position_ms(start, None, 180_000, later(999)) == 180_000
    assert clock.position_ms(start, later(10), 180_000, later(100)) == 10_000
    assert clock.position_ms(None, None, 180_000, later(5)) == 0
    assert not clock.has_ended(start, None, 180_000, later(179.9))
    assert clock.has_ended(start, None, 180_000, later(180))
    assert not clock.has_ended(start, later(10), 180_000, later(500))  # paused never ends
    assert clock.next_start(later(180), later(182)) == later(180)  # on time: no drift
    assert clock.next_start(later(180), later(3600)) == later(3600)  # long after: start now
    assert clock.resumed_start(start, later(10), later(70)) == later(60)


@pytest.mark.parametrize(
    ("present", "threshold", "needed"),
    [(1, 0.5, 1), (2, 0.5, 2), (3, 0.5, 2), (4, 0.5, 3), (10, 0.3, 4), (100, 0.29, 30), (4, 1.0, 4), (0, 0.5, 1)],
)
def test_skip_needs_more_than_the_threshold_of_people_present(present: int, threshold: float, needed: int) -> None:
    assert clock.skip_votes_needed(present, threshold) == needed


def test_idle_room_starts_the_top_item_and_autoplay_takes_the_next_at_the_end(room: Room) -> None:
    gus = room.guest("Gus")
    assert party.advance_if_ended(room.code, now=later(1)) is False  # nothing waiting
    first = party.add_to_queue(room.code, gus, track(1, minutes=3), now=later(2))
    second = party.add_to_queue(room.code, gus, track(2, minutes=2), now=later(3))
    party.vote(room.code, room.host, second, 1)
    assert party.advance_if_ended(room.code, now=later(5)) is True
    now = playing(room, 65)
    assert now is not None and now.item_id == second and now.source == "queue" and now.added_by_name == "Gus"
    assert now.position_ms == 60_000 and now.ends_at == later(125)
    assert abs(now.progress - 0.5) < 1e-9
    assert [q.id for q in party.room_view(room.code, gus).queue] == [first]
    assert party.advance_if_ended(room.code, now=later(124)) is False
    assert party.advance_if_ended(room.code, now=later(126)) is True
    now = playing(room, 126)
    assert now is not None and now.item_id == first
    assert now.started_at == later(125)  # noticed 1 s late, but the clock does not drift
    assert party.room_view(room.code, gus).queue == []
    assert [p.track_id for p in party.recently_played(room.code)] == ["t2"]
    party.advance_if_ended(room.code, now=later(305))
    assert [(p.title, p.finished_at) for p in party.recently_played(room.code)] == [
        ("Song 1", later(305)), ("Song 2", later(126))
    ]


def test_empty_queue_falls_back_to_the_fallback_playlist_in_turn(room_with) -> None:  # type: ignore[no-untyped-def]
    fallback = [track(101, 1), track(102, 1)]
    room = room_with(RoomSettings(fallback_playlist_id="pl-chill"), fallback)
    party.add_to_queue(room.code, room.host, track(1, 1), now=later(0))
    party.advance_if_ended(room.code, now=later(1))
    titles = []
    for minute in range(1, 5):
        assert party.advance_if_ended(room.code, now=later(1 + 60 * minute)) is True
        now = playing(room, 1 + 60 * minute)
        assert now is not None
        titles.append((now.title, now.source))
    assert titles == [("Song 101", "fallback"), ("Song 102", "fallback"), ("Song 101", "fallback"), ("Song 102", "fallback")]
    # a queued track wins over the fallback at the next change
    party.add_to_queue(room.code, room.host, track(2, 1), now=later(250))
    party.advance_if_ended(room.code, now=later(1 + 60 * 5))
    now = playing(room, 1 + 60 * 5)
    assert now is not None and (now.title, now.source) == ("Song 2", "queue")


def test_without_fallback_the_room_goes_idle_when_the_queue_runs_dry(room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1, 1), now=later(0))
    party.advance_if_ended(room.code, now=later(1))
    assert party.advance_if_ended(room.code, now=later(70)) is True
    assert playing(room, 70) is None


def test_set_fallback_replaces_the_snapshot(room: Room) -> None:
    party.set_fallback(room.code, room.host, "pl-1", [track(201, 1)])
    party.advance_if_ended(room.code, now=later(1))  # idle room with only a fallback stays idle
    assert playing(room, 1) is None
    party.add_to_queue(room.code, room.host, track(1, 1))
    party.advance_if_ended(room.code, now=later(2))
    party.advance_if_ended(room.code, now=later(63))
    now = playing(room, 63)
    assert now is not None and now.title == "Song 201"
    gus = room.guest("Gus")
    with pytest.raises(party.PartyPermissionError):
        party.set_fallback(room.code, gus, None, [])


def test_pause_stops_the_clock_and_resume_carries_on(room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1, 3))
    party.advance_if_ended(room.code, now=later(0))
    party.pause(room.code, room.host, now=later(30))
    now = playing(room, 500)
    assert now is not None and now.paused and now.position_ms == 30_000 and now.ends_at is None
    assert party.advance_if_ended(room.code, now=later(500)) is False
    party.resume(room.code, room.host, now=later(600))
    now = playing(room, 610)
    assert now is not None and not now.paused and now.position_ms == 40_000
    assert now.ends_at == later(600 + 150)


def test_vote_to_skip_needs_more_than_half_of_those_present(room: Room) -> None:
    a, b, c = room.guest("A"), room.guest("B"), room.guest("C")  # 4 present with the host
    party.add_to_queue(room.code, a, track(1))
    party.add_to_queue(room.code, a, track(2))
    party.advance_if_ended(room.code, now=later(0))
    assert party.vote_skip(room.code, a, now=later(10)) == party.SkipTally(1, 3, False)
    assert party.vote_skip(room.code, a, now=later(11)) == party.SkipTally(1, 3, False)  # once per person
    assert party.vote_skip(room.code, b, now=later(12)) == party.SkipTally(2, 3, False)
    view = party.room_view(room.code, b, now=later(12))
    assert view.me.skip_voted and (view.snapshot.skip_votes, view.snapshot.skip_needed) == (2, 3)
    assert party.vote_skip(room.code, c, now=later(13)).skipped
    now = playing(room, 14)
    assert now is not None and now.title == "Song 2" and now.started_at == later(13)
    # a new track starts with no skip votes
    assert party.vote_skip(room.code, a, now=later(20)) == party.SkipTally(1, 3, False)
    assert party.vote_skip(room.code, a, now=later(21), withdraw=True) == party.SkipTally(0, 3, False)


def test_absent_people_neither_vote_nor_count_for_skips(room: Room) -> None:
    a, b = room.guest("A"), room.guest("B")
    party.add_to_queue(room.code, a, track(1))
    party.advance_if_ended(room.code, now=later(0))
    party.leave_room(room.code, b)
    party.leave_room(room.code, room.host)
    assert party.vote_skip(room.code, a, now=later(5)).skipped  # alone: 1 of 1 present


def test_skip_with_nothing_playing_and_host_skip(room: Room) -> None:
    gus = room.guest("Gus")
    with pytest.raises(party.InvalidInput, match="Nothing is playing"):
        party.vote_skip(room.code, gus)
    party.add_to_queue(room.code, gus, track(1))
    party.add_to_queue(room.code, gus, track(2))
    party.advance_if_ended(room.code, now=later(0))
    party.skip_now(room.code, room.host, now=later(10))
    now = playing(room, 10)
    assert now is not None and now.title == "Song 2"


def test_advance_due_rooms_moves_every_room_that_ended(room: Room, room_with) -> None:  # type: ignore[no-untyped-def]
    other = room_with()
    for r in (room, other):
        party.add_to_queue(r.code, r.host, track(1, 1))
        party.add_to_queue(r.code, r.host, track(2, 1))
    party.advance_if_ended(room.code, now=later(0))
    party.advance_if_ended(other.code, now=later(30))
    assert party.advance_due_rooms(now=later(61)) == [room.code]
    assert sorted(party.advance_due_rooms(now=later(200))) == sorted([room.code, other.code])


def test_two_tickers_at_once_advance_only_once(room: Room) -> None:
    for n in range(1, 4):
        party.add_to_queue(room.code, room.host, track(n, 1), now=later(n))
    party.advance_if_ended(room.code, now=later(5))
    barrier = threading.Barrier(6)
    results: list[bool] = []

    def tick() -> None:
        barrier.wait()
        results.append(party.advance_if_ended(room.code, now=later(66)))

    threads = [threading.Thread(target=tick) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
    now = playing(room, 66)
    assert now is not None and now.title == "Song 2"
    assert [q.title for q in party.room_view(room.code, room.host).queue] == ["Song 3"]


def test_ending_the_room_freezes_the_clock(room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1, 1))
    party.advance_if_ended(room.code, now=later(0))
    party.end_room(room.code, room.host, now=later(20))
    assert party.advance_if_ended(room.code, now=later(500)) is False
    now = party.room_view(room.code, room.host, now=later(500)).now_playing
    assert now is not None and now.position_ms == 20_000
