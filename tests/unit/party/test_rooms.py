"""Rooms as a host and their guests meet them: codes, joining, locking, roles, removal."""

from __future__ import annotations

import pytest

from services import party
from services.party import Identity, RoomSettings
from tests.unit.party.conftest import T0, Room, make_user

pytestmark = pytest.mark.usefixtures("db")


def test_created_room_has_a_short_unambiguous_code_and_the_creator_is_host() -> None:
    host = make_user("Hana")
    made = party.create_room(host.user_id or 0, "  Friday\tNight  ")
    assert len(made.code) == 6
    assert not set(made.code) & set("0O1I")
    assert set(made.code) <= set(party.CODE_ALPHABET)
    assert made.role == "host" and made.room_name == "Friday Night" and made.display_name == "Hana"
    view = party.room_view(made.code, host)
    assert view.me.role == "host" and view.me.permissions.can_manage
    assert [m.display_name for m in view.members] == ["Hana"]


def test_codes_differ_between_rooms() -> None:
    host = make_user("Hana")
    codes = {party.create_room(host.user_id or 0, f"Room {i}").code for i in range(20)}
    assert len(codes) == 20


def test_join_by_code_is_forgiving_about_case_and_spaces(room: Room) -> None:
    typed = " " + "-".join([room.code[:3].lower(), room.code[3:].lower()]) + " "
    guest = party.new_guest()
    joined = party.join_room(typed, guest, "Gus")
    assert joined.code == room.code and joined.role == "listener" and joined.guest_key == guest.guest_key


def test_guest_needs_a_display_name_and_gets_it_cleaned(room: Room) -> None:
    with pytest.raises(party.InvalidInput, match="display name"):
        party.join_room(room.code, party.new_guest(), " \x00\u202e ")
    joined = party.join_room(room.code, party.new_guest(), "Gus\x07 \u202eOops")
    assert joined.display_name == "Gus Oops"


def test_signed_in_user_joins_with_their_account_name(room: Room) -> None:
    who = make_user("Ulla")
    assert party.join_room(room.code, who).display_name == "Ulla"


def test_joining_a_missing_room_is_a_clear_error(db: None) -> None:
    with pytest.raises(party.RoomNotFound, match="no party with the code ZZZZZZ"):
        party.join_room("zzzzzz", party.new_guest(), "Gus")


def test_locked_room_refuses_newcomers_but_not_members_coming_back(room: Room) -> None:
    gus = room.guest("Gus")
    party.set_locked(room.code, room.host, True)
    with pytest.raises(party.RoomLocked, match="locked"):
        party.join_room(room.code, party.new_guest(), "Newbie")
    assert party.join_room(room.code, gus).display_name == "Gus"
    party.set_locked(room.code, room.host, False)
    party.join_room(room.code, party.new_guest(), "Newbie")


def test_ended_room_cannot_be_joined_or_changed(room: Room) -> None:
    gus = room.guest("Gus")
    party.end_room(room.code, room.host)
    with pytest.raises(party.RoomEnded, match="has ended"):
        party.join_room(room.code, party.new_guest(), "Late")
    with pytest.raises(party.RoomEnded):
        party.post_message(room.code, gus, "hello?")
    view = party.room_view(room.code, gus)
    assert view.room.ended and not view.me.permissions.can_add
    assert party.room_preview(room.code).ended


def test_listener_cannot_do_host_actions(room: Room) -> None:
    gus = room.guest("Gus")
    other = room.guest("Olga")
    item = party.add_to_queue(room.code, other, party.TrackRef("t1", "Song 1"))
    attempts = [
        lambda: party.set_locked(room.code, gus, True),
        lambda: party.end_room(room.code, gus),
        lambda: party.remove_member(room.code, gus, room.member_id(other)),
        lambda: party.set_role(room.code, gus, room.member_id(gus), "cohost"),
        lambda: party.update_settings(room.code, gus, RoomSettings(queue_limit=50)),
        lambda: party.pin_item(room.code, gus, item),
        lambda: party.move_item(room.code, gus, item, 0),
        lambda: party.remove_item(room.code, gus, item),
        lambda: party.skip_now(room.code, gus),
    ]
    for attempt in attempts:
        with pytest.raises(party.PartyPermissionError, match="Only the host"):
            attempt()
    view = party.room_view(room.code, room.host)
    assert not view.room.locked and not view.room.ended and [q.id for q in view.queue] == [item]


def test_cohost_moderates_but_does_not_run_the_room(room: Room) -> None:
    cole = room.guest("Cole")
    party.set_role(room.code, room.host, room.member_id(cole), "cohost")
    item = party.add_to_queue(room.code, room.host, party.TrackRef("t1", "Song 1"))
    party.pin_item(room.code, cole, item)
    assert party.room_view(room.code, cole).queue[0].pinned
    with pytest.raises(party.PartyPermissionError, match="Only the host can end"):
        party.end_room(room.code, cole)
    with pytest.raises(party.PartyPermissionError):
        party.set_role(room.code, cole, room.member_id(room.host), "listener")


def test_removed_member_is_blocked_and_their_tracks_and_votes_go(room: Room) -> None:
    troll = room.guest("Troll")
    gus = room.guest("Gus")
    theirs = party.add_to_queue(room.code, troll, party.TrackRef("t1", "Spam"))
    mine = party.add_to_queue(room.code, gus, party.TrackRef("t2", "Good"))
    party.vote(room.code, troll, mine, -1)
    party.remove_member(room.code, room.host, room.member_id(troll))
    with pytest.raises(party.MemberRemoved, match="removed you"):
        party.join_room(room.code, troll, "Troll again")
    with pytest.raises(party.MemberRemoved):
        party.post_message(room.code, troll, "let me in")
    view = party.room_view(room.code, gus)
    assert [(q.id, q.score) for q in view.queue] == [(mine, 0)]
    assert "Troll" not in [m.display_name for m in view.members]
    assert party.heartbeat(room.code, troll) is False


def test_host_cannot_be_removed_or_demoted(room: Room) -> None:
    host_id = room.member_id(room.host)
    with pytest.raises(party.PartyPermissionError):
        party.remove_member(room.code, room.host, host_id)
    with pytest.raises(party.PartyPermissionError):
        party.set_role(room.code, room.host, host_id, "listener")


def test_settings_are_validated(room: Room) -> None:
    for bad in (RoomSettings(skip_threshold=0), RoomSettings(skip_threshold=1.5), RoomSettings(queue_limit=-1),
                RoomSettings(add_policy="anyone")):  # type: ignore[arg-type]
        with pytest.raises(party.InvalidInput):
            party.update_settings(room.code, room.host, bad)
    party.update_settings(room.code, room.host, RoomSettings(add_policy="hosts", queue_limit=2, skip_threshold=0.75))
    info = party.room_view(room.code, room.host).room
    assert (info.add_policy, info.queue_limit, info.skip_threshold) == ("hosts", 2, 0.75)


def test_preview_shows_name_host_and_who_is_here(room: Room) -> None:
    room.guest("Gus")
    preview = party.room_preview(room.code)
    assert (preview.name, preview.host_name, preview.present_count, preview.locked) == ("Friday Night", "Hana", 2, False)


def test_only_a_signed_in_user_can_host(db: None) -> None:
    with pytest.raises(party.InvalidInput, match="Sign in"):
        party.create_room(999_999, "Ghost party")
    with pytest.raises(party.InvalidInput, match="name"):
        party.create_room(make_user("Hana").user_id or 0, "   ")


def test_identity_is_a_user_or_a_guest() -> None:
    with pytest.raises(ValueError):
        Identity()
    with pytest.raises(ValueError):
        Identity(user_id=1, guest_key="k")
    a, b = party.new_guest(), party.new_guest()
    assert a.guest_key != b.guest_key and len(a.guest_key or "") >= 24


def test_share_link_and_qr_code_point_at_the_room(room: Room) -> None:
    url = party.join_url(room.code.lower())
    assert url.endswith(f"/party/{room.code}")
    svg = party.qr_svg(room.code)
    assert svg.startswith("<svg") and "<path" in svg
    assert party.qr_data_uri(room.code).startswith("data:image/svg+xml;base64,")


def test_room_survives_a_restart_because_it_lives_in_the_database(room: Room) -> None:
    from services.db import get_engine

    gus = room.guest("Gus", now=T0)
    item = party.add_to_queue(room.code, gus, party.TrackRef("t1", "Song 1"))
    party.vote(room.code, room.host, item, 1)
    get_engine().dispose()  # every connection dropped, as after a restart
    view = party.room_view(room.code, gus)
    assert view.queue[0].score == 1 and view.me.display_name == "Gus"
