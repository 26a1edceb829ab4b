"""Chat (plain text, length limit, last 100, host deletes) and presence (join, leave, silence)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services import party
from tests.unit.party.conftest import T0, Room, later

pytestmark = pytest.mark.usefixtures("db")


def test_messages_carry_author_and_time_and_are_plain_text(room: Room) -> None:
    gus = room.guest("Gus")
    line = party.post_message(room.code, gus, "  <b>hi</b>\x00 all\x1b[31m \u202e!  ", now=later(3))
    assert line.text == "<b>hi</b> all[31m !"  # markup kept as text (the page escapes); controls gone
    assert (line.author_name, line.created_at) == ("Gus", later(3))
    chat = party.room_view(room.code, room.host).chat
    assert [(c.author_name, c.text) for c in chat] == [("Gus", "<b>hi</b> all[31m !")]


def test_multi_line_messages_keep_their_lines(room: Room) -> None:
    line = party.post_message(room.code, room.host, "one\r\ntwo\n\n\n\nthree")
    assert line.text == "one\ntwo\n\nthree"


def test_oversized_or_empty_messages_are_refused(room: Room) -> None:
    with pytest.raises(party.InvalidInput, match="at most 500 characters; this one has 501"):
        party.post_message(room.code, room.host, "x" * 501)
    with pytest.raises(party.InvalidInput, match="Type a message"):
        party.post_message(room.code, room.host, " \x00\n ")
    party.post_message(room.code, room.host, "y" * 500)
    assert len(party.recent_messages(room.code)) == 1


def test_joining_shows_the_last_100_messages_oldest_first(room: Room) -> None:
    for n in range(105):
        party.post_message(room.code, room.host, f"message {n}", now=later(3 * n))
    gus = room.guest("Gus", now=later(400))
    chat = party.room_view(room.code, gus).chat
    assert len(chat) == 100
    assert chat[0].text == "message 5" and chat[-1].text == "message 104"


def test_flooding_the_chat_is_slowed_down(room: Room) -> None:
    gus = room.guest("Gus")
    for n in range(5):
        party.post_message(room.code, gus, f"msg {n}", now=later(n))
    with pytest.raises(party.InvalidInput, match="very fast"):
        party.post_message(room.code, gus, "one more", now=later(5))
    party.post_message(room.code, room.host, "others can still talk", now=later(5))
    party.post_message(room.code, gus, "calm now", now=later(11))


def test_host_deletes_a_message_for_everyone_listeners_cannot(room: Room) -> None:
    gus = room.guest("Gus")
    bad = party.post_message(room.code, gus, "spam spam")
    party.post_message(room.code, gus, "sorry")
    with pytest.raises(party.PartyPermissionError):
        party.delete_message(room.code, gus, bad.id)
    party.delete_message(room.code, room.host, bad.id)
    assert [c.text for c in party.recent_messages(room.code)] == ["sorry"]


def test_presence_follows_join_leave_and_heartbeats(room: Room) -> None:
    gus = room.guest("Gus", now=T0)
    names = lambda: [m.display_name for m in party.present_members(room.code)]  # noqa: E731
    assert names() == ["Hana", "Gus"]
    party.leave_room(room.code, gus, now=later(10))
    assert names() == ["Hana"]
    assert party.heartbeat(room.code, gus, now=later(20)) is True  # the tab came back
    assert names() == ["Hana", "Gus"]


def test_one_heartbeat_call_keeps_a_whole_room_present_and_names_who_is_no_member(room: Room) -> None:
    guests = [room.guest(f"Guest {i}", now=T0) for i in range(5)]
    gone = guests[0]
    party.remove_member(room.code, room.host, room.member_id(gone))
    stranger = party.new_guest()
    for who in guests[1:3]:
        party.leave_room(room.code, who, now=later(5))
    before = party.room_snapshot(room.code).version

    ok = party.heartbeats(room.code, [room.host, *guests, stranger], now=later(20))

    assert ok == {room.host, *guests[1:]}
    assert [m.display_name for m in party.present_members(room.code)] == ["Hana"] + [f"Guest {i}" for i in range(1, 5)]
    assert party.room_snapshot(room.code).version > before  # people came back: the room changed
    again = party.room_snapshot(room.code).version
    party.heartbeats(room.code, [room.host, *guests[1:]], now=later(21))
    assert party.room_snapshot(room.code).version == again  # nothing changed: nothing announced


def test_stale_cleanup_marks_silent_members_absent(room: Room) -> None:
    gus = room.guest("Gus", now=T0)
    olga = room.guest("Olga", now=T0)
    party.heartbeat(room.code, room.host, now=later(40))
    party.heartbeat(room.code, olga, now=later(40))
    assert party.stale_cleanup(now=later(44)) == []
    changed = party.stale_cleanup(now=later(50), timeout=timedelta(seconds=45))
    assert changed == [room.code]
    present = party.present_members(room.code)
    assert [m.display_name for m in present] == ["Hana", "Olga"]
    assert party.stale_cleanup(now=later(51)) == []  # nothing more to do
    assert party.room_preview(room.code).present_count == 2
    assert all(m.present for m in present)
    assert party.heartbeat(room.code, gus, now=later(60)) is True  # back after a network blip
    assert len(party.present_members(room.code)) == 3


def test_rooms_nobody_has_been_in_for_hours_are_ended(room: Room, room_with) -> None:  # type: ignore[no-untyped-def]
    busy = room_with()
    party.heartbeat(busy.code, busy.host, now=later(11 * 3600))
    assert party.end_abandoned_rooms(now=later(13 * 3600)) == []  # everyone still counts as present
    party.stale_cleanup(now=later(11 * 3600))
    assert party.end_abandoned_rooms(now=later(13 * 3600)) == [room.code]
    assert party.room_preview(room.code).ended and not party.room_preview(busy.code).ended
    assert party.end_abandoned_rooms(now=later(24 * 3600)) == []  # the host never left
    party.stale_cleanup(now=later(24 * 3600))
    assert party.end_abandoned_rooms(now=later(24 * 3600)) == [busy.code]


def test_host_listed_first_then_cohosts_then_by_name(room: Room) -> None:
    zed = room.guest("zed")
    room.guest("Amy")
    room.guest("bob")
    party.set_role(room.code, room.host, room.member_id(zed), "cohost")
    members = party.present_members(room.code)
    assert [(m.display_name, m.role) for m in members] == [
        ("Hana", "host"), ("zed", "cohost"), ("Amy", "listener"), ("bob", "listener")
    ]
    assert [m.is_guest for m in members] == [False, True, True, True]
