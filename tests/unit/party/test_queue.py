"""The shared queue: adding within limits, one vote per person, order, pin/move/remove."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from services import party
from services.db import session_scope
from services.party import RoomSettings
from services.party.models import PartyVote
from tests.unit.party.conftest import Room, later, make_user, track

pytestmark = pytest.mark.usefixtures("db")


def order(room: Room) -> list[str]:
    return [q.title for q in party.room_view(room.code, room.host).queue]


def test_added_items_show_who_added_them_and_wait_in_time_order(room: Room) -> None:
    gus = room.guest("Gus")
    party.add_to_queue(room.code, gus, track(1), now=later(1))
    party.add_to_queue(room.code, room.host, track(2), now=later(2))
    queue = party.room_view(room.code, gus).queue
    assert [(q.title, q.added_by_name, q.position) for q in queue] == [("Song 1", "Gus", 0), ("Song 2", "Hana", 1)]
    assert queue[0].artists == "Artist 1" and queue[0].duration_ms == 180_000


def test_votes_order_the_queue_by_score_then_time(room: Room) -> None:
    a, b, c = room.guest("A"), room.guest("B"), room.guest("C")
    first = party.add_to_queue(room.code, a, track(1), now=later(1))
    second = party.add_to_queue(room.code, b, track(2), now=later(2))
    third = party.add_to_queue(room.code, c, track(3), now=later(3))
    assert order(room) == ["Song 1", "Song 2", "Song 3"]
    party.vote(room.code, a, third, 1)
    party.vote(room.code, b, third, 1)
    party.vote(room.code, c, second, 1)
    party.vote(room.code, c, first, -1)
    assert order(room) == ["Song 3", "Song 2", "Song 1"]
    queue = party.room_view(room.code, a).queue
    assert [(q.up, q.down, q.score) for q in queue] == [(2, 0, 2), (1, 0, 1), (0, 1, -1)]


def test_a_second_vote_changes_the_first_and_zero_withdraws_it(room: Room) -> None:
    gus = room.guest("Gus")
    item = party.add_to_queue(room.code, room.host, track(1))
    assert party.vote(room.code, gus, item, 1) == 1
    assert party.vote(room.code, gus, item, 1) == 1  # the same vote twice counts once
    assert party.vote(room.code, gus, item, -1) == -1
    assert party.room_view(room.code, gus).me.my_votes == {item: -1}
    assert party.vote(room.code, gus, item, 0) == 0
    assert party.room_view(room.code, gus).me.my_votes == {}
    with pytest.raises(party.InvalidInput):
        party.vote(room.code, gus, item, 2)


def test_the_database_itself_refuses_a_duplicate_vote_row(room: Room) -> None:
    gus = room.guest("Gus")
    item = party.add_to_queue(room.code, room.host, track(1))
    party.vote(room.code, gus, item, 1)
    member_id = room.member_id(gus)
    with pytest.raises(IntegrityError), session_scope() as db:
        db.add(PartyVote(item_id=item, member_id=member_id, value=1))


def test_vote_on_a_removed_item_is_a_clear_error(room: Room) -> None:
    gus = room.guest("Gus")
    item = party.add_to_queue(room.code, room.host, track(1))
    party.remove_item(room.code, room.host, item)
    with pytest.raises(party.ItemGone, match="“Song 1” was removed from the queue"):
        party.vote(room.code, gus, item, 1)
    with pytest.raises(party.ItemGone):
        party.vote(room.code, gus, 987654, 1)


def test_per_person_limit_counts_only_waiting_tracks(room_with) -> None:  # type: ignore[no-untyped-def]
    room = room_with(RoomSettings(queue_limit=2))
    gus = room.guest("Gus")
    party.add_to_queue(room.code, gus, track(1), now=later(1))
    party.add_to_queue(room.code, gus, track(2), now=later(2))
    with pytest.raises(party.QueueLimitReached, match="already have 2 tracks waiting"):
        party.add_to_queue(room.code, gus, track(3))
    assert party.room_view(room.code, gus).me.my_queued == 2
    party.advance_if_ended(room.code, now=later(10))  # Song 1 starts playing: one slot frees up
    party.add_to_queue(room.code, gus, track(3))
    for n in range(4, 8):  # the host is not limited
        party.add_to_queue(room.code, room.host, track(n))


def test_add_policy_decides_who_may_add(room_with) -> None:  # type: ignore[no-untyped-def]
    room = room_with(RoomSettings(add_policy="signed_in"))
    guest, ulla = room.guest("Gus"), room.user("Ulla")
    with pytest.raises(party.PartyPermissionError, match="signed-in"):
        party.add_to_queue(room.code, guest, track(1))
    party.add_to_queue(room.code, ulla, track(1))
    party.update_settings(room.code, room.host, RoomSettings(add_policy="hosts"))
    with pytest.raises(party.PartyPermissionError, match="only the host and co-hosts"):
        party.add_to_queue(room.code, ulla, track(2))
    assert not party.room_view(room.code, ulla).me.permissions.can_add
    party.add_to_queue(room.code, room.host, track(2))


def test_the_same_track_cannot_wait_twice(room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1))
    with pytest.raises(party.InvalidInput, match="already in the queue"):
        party.add_to_queue(room.code, room.guest("Gus"), track(1))


def test_pinned_items_come_first_in_pin_order_whatever_the_votes(room: Room) -> None:
    gus = room.guest("Gus")
    ids = [party.add_to_queue(room.code, room.host, track(n), now=later(n)) for n in (1, 2, 3)]
    party.vote(room.code, gus, ids[0], 1)
    party.pin_item(room.code, room.host, ids[2])
    party.pin_item(room.code, room.host, ids[1])
    assert order(room) == ["Song 3", "Song 2", "Song 1"]
    party.pin_item(room.code, room.host, ids[2], pinned=False)
    assert order(room) == ["Song 2", "Song 1", "Song 3"]


def test_move_puts_an_item_exactly_where_the_host_drops_it(room: Room) -> None:
    gus = room.guest("Gus")
    ids = [party.add_to_queue(room.code, room.host, track(n), now=later(n)) for n in (1, 2, 3, 4)]
    party.move_item(room.code, room.host, ids[3], 1)
    assert order(room) == ["Song 1", "Song 4", "Song 2", "Song 3"]
    # votes still sort what lies below the moved item, not above it
    party.vote(room.code, gus, ids[2], 1)
    assert order(room) == ["Song 1", "Song 4", "Song 3", "Song 2"]
    party.vote(room.code, gus, ids[3], -1)
    assert order(room)[:2] == ["Song 1", "Song 4"]
    party.move_item(room.code, room.host, ids[0], 99)
    assert order(room)[-1] == "Song 1"


def test_whoever_added_a_track_may_take_it_back_but_not_others(room: Room) -> None:
    gus, olga = room.guest("Gus"), room.guest("Olga")
    mine = party.add_to_queue(room.code, gus, track(1))
    party.remove_item(room.code, gus, mine)
    hers = party.add_to_queue(room.code, olga, track(2))
    with pytest.raises(party.PartyPermissionError):
        party.remove_item(room.code, gus, hers)
    with pytest.raises(party.ItemGone):
        party.remove_item(room.code, gus, mine)


def test_non_members_cannot_touch_the_queue(room: Room) -> None:
    stranger = make_user("Stranger")
    with pytest.raises(party.NotAMember, match="Join the party first"):
        party.add_to_queue(room.code, stranger, track(1))
    with pytest.raises(party.NotAMember):
        party.room_view(room.code, stranger)
