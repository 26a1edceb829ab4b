"""One person, one vote; removals that hold for a while; the host role that moves on."""

from __future__ import annotations

import pytest

from services import party
from services.party import Identity, RoomSettings
from services.party.guest import new_guest_key, read_guest, sign_guest
from tests.unit.party.conftest import T0, Room, later, make_user, track

pytestmark = pytest.mark.usefixtures("db")


def test_a_guest_cookie_reads_back_and_a_forged_one_does_not() -> None:
    key = new_guest_key()
    value = sign_guest(key)
    assert read_guest(value) == key
    other = new_guest_key()
    assert read_guest(f"{other}.{value.rsplit('.', 1)[1]}") is None  # a stolen signature on another key
    assert read_guest(value[:-1] + ("0" if value[-1] != "0" else "1")) is None
    for junk in ("", "abc", ".", key, f"{key}.", "x" * 5000, f"../{key}.{value.rsplit('.', 1)[1]}"):
        assert read_guest(junk) is None


def test_every_tab_of_one_browser_is_one_guest_with_one_vote(room: Room) -> None:
    browser = Identity.guest(new_guest_key())  # what every tab reads from the cookie
    party.add_to_queue(room.code, room.host, track(1), now=T0)
    item = party.room_view(room.code, room.host, now=T0).queue[0].id
    for _tab in range(3):
        party.join_room(room.code, browser, "Gus", now=T0)
        party.vote(room.code, browser, item, +1, now=T0)
    view = party.room_view(room.code, room.host, now=T0)
    assert view.queue[0].up == 1
    assert [m.display_name for m in view.members].count("Gus") == 1


def test_seats_and_votes_outlive_a_restart_and_rejoining_adds_nothing(room: Room) -> None:
    browser = Identity.guest(new_guest_key())
    party.join_room(room.code, browser, "Gus", now=T0)
    party.add_to_queue(room.code, room.host, track(1), now=T0)
    item = party.room_view(room.code, room.host, now=T0).queue[0].id
    party.vote(room.code, browser, item, +1, now=T0)
    before = party.room_view(room.code, browser, now=T0).me.member_id
    # A restart: the process forgets everything; the browser still has its cookie.
    party.stale_cleanup(now=later(120))
    joined = party.join_room(room.code, browser, now=later(130))
    party.vote(room.code, browser, item, +1, now=later(131))
    view = party.room_view(room.code, browser, now=later(131))
    assert joined.member_id == before and view.me.my_votes == {item: 1}
    assert view.queue[0].up == 1


def test_a_removed_guest_stays_out_until_the_ban_ends(room_with) -> None:  # type: ignore[no-untyped-def]
    room: Room = room_with(RoomSettings(ban_minutes=30))
    browser = Identity.guest(new_guest_key())
    party.join_room(room.code, browser, "Gus", now=T0)
    party.manage.remove_member(room.code, room.host, room.member_id(browser), now=T0)
    with pytest.raises(party.MemberRemoved, match="come back in 30 min"):
        party.join_room(room.code, browser, "Gus again", now=later(1))
    with pytest.raises(party.MemberRemoved, match="1 min"):
        party.join_room(room.code, browser, now=later(29 * 60 + 30))
    back = party.join_room(room.code, browser, now=later(30 * 60))
    assert back.role == "listener"


def test_a_ban_of_zero_minutes_lasts_the_whole_party(room_with) -> None:  # type: ignore[no-untyped-def]
    room: Room = room_with(RoomSettings(ban_minutes=0))
    who = room.guest("Gus")
    party.manage.remove_member(room.code, room.host, room.member_id(who), now=T0)
    with pytest.raises(party.MemberRemoved, match="cannot rejoin"):
        party.join_room(room.code, who, now=later(86_400))


def test_the_longest_present_cohost_takes_over_when_the_host_leaves(room: Room) -> None:
    first = room.user("Cora", now=later(1))
    second = room.user("Dan", now=later(2))
    for who in (second, first):
        party.set_role(room.code, room.host, room.member_id(who), "cohost")
    party.leave_room(room.code, room.host, now=later(10))
    roles = {m.display_name: m.role for m in party.room_view(room.code, first, now=later(11)).members}
    assert roles == {"Cora": "host", "Dan": "cohost"}
    party.set_locked(room.code, first, True)  # the new host runs the room
    # The owner comes back and is host again; the stand-in stays a co-host.
    party.join_room(room.code, room.host, now=later(20))
    roles = {m.display_name: m.role for m in party.room_view(room.code, first, now=later(21)).members}
    assert roles == {"Hana": "host", "Cora": "cohost", "Dan": "cohost"}


def test_a_silent_host_hands_over_too_and_without_cohost_the_role_waits(room: Room) -> None:
    cora = room.user("Cora")
    party.stale_cleanup(now=later(120))  # everyone silent: nobody to hand to
    assert party.room_view(room.code, cora, now=later(121)).me.role == "listener"
    party.join_room(room.code, cora, now=later(130))
    party.join_room(room.code, room.host, now=later(130))
    party.set_role(room.code, room.host, room.member_id(cora), "cohost")
    party.heartbeat(room.code, cora, now=later(200))
    party.stale_cleanup(now=later(200))  # the host went quiet, Cora is here
    assert party.room_view(room.code, cora, now=later(201)).me.role == "host"


def test_the_host_can_hand_the_role_to_anyone_present(room: Room) -> None:
    gus = room.guest("Gus")
    party.set_role(room.code, room.host, room.member_id(gus), "host")
    assert party.room_view(room.code, gus, now=T0).me.role == "host"
    assert party.room_view(room.code, room.host, now=T0).me.role == "cohost"
    with pytest.raises(party.PartyPermissionError):
        party.set_locked(room.code, room.host, True)
    # A reload of the former host's page keeps the handover.
    party.join_room(room.code, room.host, now=later(5))
    assert party.room_view(room.code, gus, now=later(5)).me.role == "host"


def test_a_listener_waits_the_hosts_cooldown_between_adds(room_with) -> None:  # type: ignore[no-untyped-def]
    room: Room = room_with(RoomSettings(add_cooldown_s=60))
    gus = room.guest("Gus")
    party.add_to_queue(room.code, gus, track(1), now=T0)
    with pytest.raises(party.QueueLimitReached, match="try again in 30"):
        party.add_to_queue(room.code, gus, track(2), now=later(30))
    party.add_to_queue(room.code, gus, track(2), now=later(60))
    party.add_to_queue(room.code, room.host, track(3), now=later(61))  # the host is not held back


def test_settings_out_of_range_are_refused_with_a_reason() -> None:
    host = make_user("Hana")
    with pytest.raises(party.InvalidInput, match="removal lasts"):
        party.create_room(host.user_id or 0, "X", RoomSettings(ban_minutes=-1))
    with pytest.raises(party.InvalidInput, match="between two adds"):
        party.create_room(host.user_id or 0, "X", RoomSettings(add_cooldown_s=10**6))


def test_ties_go_to_the_person_who_had_fewer_turns(room: Room) -> None:
    gus, ida = room.guest("Gus"), room.guest("Ida")
    party.add_to_queue(room.code, gus, track(1), now=T0)  # plays at once: Gus's first turn
    party.advance_if_ended(room.code, now=T0)
    for n in (2, 3):
        party.add_to_queue(room.code, gus, track(n), now=later(n))
    party.add_to_queue(room.code, ida, track(4), now=later(10))
    party.add_to_queue(room.code, ida, track(5), now=later(11))
    titles = [e.title for e in party.room_view(room.code, gus, now=later(12)).queue]
    assert titles == ["Song 4", "Song 2", "Song 5", "Song 3"]  # Ida, Gus, Ida, Gus
    item = party.room_view(room.code, gus, now=later(12)).queue[3].id
    party.vote(room.code, ida, item, +1, now=later(13))  # a vote still beats fairness
    assert party.room_view(room.code, gus, now=later(13)).queue[0].title == "Song 3"


def test_a_passcode_keeps_out_newcomers_but_not_members(room: Room) -> None:
    gus = room.guest("Gus")
    party.update_room(room.code, room.host, "Friday Night", RoomSettings(passcode="DISCO7"))
    assert party.room_preview(room.code).has_passcode
    with pytest.raises(party.PasscodeNeeded, match="needs its passcode"):
        party.join_room(room.code, Identity.guest(new_guest_key()), "Ida")
    with pytest.raises(party.PasscodeNeeded, match="not right"):
        party.join_room(room.code, Identity.guest(new_guest_key()), "Ida", passcode="disco8")
    assert party.join_room(room.code, Identity.guest(new_guest_key()), "Ida", passcode=" DISCO7 ").role == "listener"
    party.join_room(room.code, gus)  # already a member: no passcode asked
    with pytest.raises(party.InvalidInput, match="letters and digits"):
        party.update_room(room.code, room.host, "Friday Night", RoomSettings(passcode="<script>"))
    with pytest.raises(party.PartyPermissionError):
        party.update_room(room.code, gus, "Mine now", RoomSettings())


def test_opening_the_page_is_not_joining_for_a_new_guest(room: Room) -> None:
    from services.party import entry

    seen = entry.enter(room.code, Identity.guest(new_guest_key()))
    assert seen.view is None and seen.join_error == ""
    assert [m.display_name for m in party.present_members(room.code)] == ["Hana"]


def test_the_settings_form_reads_a_percentage_and_says_what_it_cannot_read() -> None:
    from services.party.forms import read_settings

    read = read_settings({"skip_percent": "30", "queue_limit": "2", "ban_minutes": "0", "add_cooldown_s": "15",
                          "passcode": " disco7 ", "add_policy": "signed_in"})
    assert (read.skip_threshold, read.queue_limit, read.ban_minutes, read.add_cooldown_s, read.passcode) == (
        0.3, 2, 0, 15, "DISCO7")
    assert read_settings({"skip_threshold": "0.67"}).skip_threshold == 0.67
    for field, message in (("ban_minutes", "minutes"), ("add_cooldown_s", "seconds"), ("skip_percent", "1 to 100")):
        with pytest.raises(party.InvalidInput, match=message):
            read_settings({field: "lots"})
