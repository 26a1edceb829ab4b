"""The party pages' own states, driven as a tab would drive them (no browser): the
lobby, the join screen and the room, my votes, and the add card."""

from __future__ import annotations

import pytest

from services import party
from services.party import music
from state.party import PartyMeState, code_from_path
from state.party_lobby import PartyLobbyState
from state.party_pick import PartyPickState
from services.party.guest import GUEST_COOKIE, new_guest_key, sign_guest
from tests.state.tabs import RecordingServer, Tab, server, with_cookie  # noqa: F401  (the `server` fixture)
from tests.unit.party.conftest import track

pytestmark = pytest.mark.usefixtures("db")


def test_the_room_code_comes_from_the_path() -> None:
    assert code_from_path("/party/k7m2qx") == "K7M2QX"
    assert code_from_path("/party") == code_from_path("/worlds/abc") == ""


async def test_the_lobby_hosts_a_room_and_explains_bad_input() -> None:
    host = Tab("/party")
    lobby = host.state(PartyLobbyState)
    await lobby.load()
    assert lobby.rooms == []  # signed out: nothing to list
    host.sign_up("Hana")

    await lobby.create({"name": "Friday", "queue_limit": "many"})
    assert "whole number" in lobby.create_error
    await lobby.create({"name": "Friday", "passcode": "no way!"})
    assert "letters and digits" in lobby.create_error
    redirect = await lobby.create({"name": "Friday", "queue_limit": "3", "fallback": "none", "passcode": "disco7"})
    (room,) = party.my_rooms(_user_id(host))
    assert party.room_preview(room.code).has_passcode
    assert lobby.create_error == "" and room.name == "Friday" and f"/party/{room.code}" in str(redirect)

    await lobby.load()
    assert [(r.code, r.role, r.status) for r in lobby.rooms] == [(room.code, "host", "open")]

    await lobby.join_code({"code": "ab"})
    assert "6 letters" in lobby.join_error
    await lobby.join_code({"code": "ZZZZZZ"})
    assert "ZZZZZZ" in lobby.join_error
    assert f"/party/{room.code}" in str(await lobby.join_code({"code": room.code.lower()}))


def _user_id(tab: Tab) -> int:
    from services import accounts
    
    user = accounts.user_for_token(tab.session_token)
    assert user is not None
    return user.id


def guest_tab(path: str, cookie: str) -> Tab:
    """A tab of a browser holding guest cookie `cookie` (what `/api/party/guest` set)."""
    tab = Tab(path)
    with_cookie(tab.root, GUEST_COOKIE, cookie)
    return tab


async def _hosted_room(host: Tab) -> str:
    user_id = host.sign_up("Hana")
    return party.create_room(user_id, "Friday night").code


async def test_a_guest_gets_the_join_screen_then_the_room(server: RecordingServer) -> None:
    host = Tab()
    code = await _hosted_room(host)
    # A browser without a guest id goes through the cookie route first, once.
    first = Tab(f"/party/{code}")
    effect = await first.state(PartyMeState).load()
    assert "/api/party/guest?next=" in str(effect) and f"%2Fparty%2F{code}%3Fg%3D1" in str(effect)
    refused = Tab(f"/party/{code}?g=1")  # came back without it: cookies are blocked
    await refused.state(PartyMeState).load()
    assert refused.state(PartyMeState).phase == "join" and "Allow cookies" in refused.state(PartyMeState).join_error

    cookie = sign_guest(new_guest_key())
    guest = guest_tab(f"/party/{code}?g=1", cookie)
    sid = await guest.connect(server)
    me = guest.state(PartyMeState)

    await me.load()
    assert (me.phase, me.preview_name, me.preview_present) == ("join", "Friday night", 1)  # the host
    assert me.join_error == ""  # opening the page is not joining: nothing refused yet

    await me.join({"display_name": "  "})
    assert me.phase == "join" and "display name" in me.join_error

    effects = await me.join({"display_name": "Alice"})
    assert me.phase == "room" and (me.my_name, me.is_guest) == ("Alice", True)
    assert server.shown(sid)["name"] == "Friday night"  # the room's channel welcomed the tab
    assert PartyPickState.open_room.fn.__name__ in str(effects)
    assert code in me.share_url and me.qr.startswith("data:image/svg+xml;base64,")
    # The guest key stays in the HttpOnly cookie: never among the vars a tab is sent.
    assert cookie.split(".")[0] not in str(me.dict())

    # A reload brings the same guest back into the room (not the join screen).
    await me.load()
    assert me.phase == "room" and me.my_name == "Alice"
    assert sorted(m.display_name for m in party.present_members(code)) == ["Alice", "Hana"]

    # Another tab of the same browser is the same guest: straight into the room.
    second = guest_tab(f"/party/{code}", cookie)
    await second.connect(server)
    await second.state(PartyMeState).load()
    assert second.state(PartyMeState).phase == "room" and second.state(PartyMeState).member_id == me.member_id


async def test_three_tabs_of_one_browser_give_one_vote(server: RecordingServer) -> None:
    host = Tab()
    code = await _hosted_room(host)
    hana = party.Identity.user(_user_id(host))
    for n in range(3):
        party.add_to_queue(code, hana, track(n))
    party.advance_if_ended(code)
    item = str(party.room_snapshot(code).queue[0].id)
    cookie = sign_guest(new_guest_key())
    tabs = [guest_tab(f"/party/{code}", cookie) for _ in range(3)]
    for n, tab in enumerate(tabs):
        await tab.connect(server)
        me = tab.state(PartyMeState)
        await me.load()
        if me.phase == "join":
            await me.join({"display_name": f"Tab {n}"})
        await me.vote(item, 1)
    assert party.room_snapshot(code).queue[0].up == 1
    assert len(party.present_members(code)) == 2  # the host and one guest

    # A forged cookie is nobody: it is sent through the cookie route, never seated.
    forged = guest_tab(f"/party/{code}", cookie[:-2] + "00")
    assert "/api/party/guest" in str(await forged.state(PartyMeState).load())


async def test_a_missing_room_and_a_removed_member_are_explained(server: RecordingServer) -> None:
    tab = Tab("/party/ZZZZZZ")
    me = tab.state(PartyMeState)
    await me.load()
    assert me.phase == "missing" and "ZZZZZZ" in me.problem

    host = Tab()
    code = await _hosted_room(host)
    guest = guest_tab(f"/party/{code}", sign_guest(new_guest_key()))
    await guest.connect(server)
    gme = guest.state(PartyMeState)
    await gme.load()
    await gme.join({"display_name": "Bo"})
    party.remove_member(code, party.Identity.user(_user_id(host)), gme.member_id)
    await gme.load()
    assert gme.phase == "join" and "removed" in gme.join_error.lower()


async def test_my_votes_and_my_skip_vote_follow_what_i_pressed(server: RecordingServer) -> None:
    host = Tab()
    code = await _hosted_room(host)
    host.go(f"/party/{code}")
    await host.connect(server)
    me = host.state(PartyMeState)
    await me.load()
    hana = party.Identity.user(_user_id(host))
    for n in range(3):
        party.add_to_queue(code, hana, track(n))
    party.advance_if_ended(code)
    item = str(party.room_snapshot(code).queue[0].id)

    await me.vote(item, 1)
    assert me.my_votes == {item: 1} and party.room_snapshot(code).queue[0].score == 1
    await me.vote(item, 1)  # the same again withdraws
    assert me.my_votes == {} and party.room_snapshot(code).queue[0].score == 0
    await me.vote(item, -1)
    assert me.my_votes == {item: -1}

    guest = guest_tab(f"/party/{code}", sign_guest(new_guest_key()))
    await guest.connect(server)
    await guest.state(PartyMeState).load()
    await guest.state(PartyMeState).join({"display_name": "Cy"})  # two present: a skip needs both
    playing = party.room_snapshot(code).now_playing
    assert playing is not None
    await me.vote_skip()
    assert me.skip_voted_seq == playing.play_seq
    await me.vote_skip()  # pressed again: withdrawn
    assert me.skip_voted_seq == -1


async def test_the_add_card_only_queues_tracks_it_offered(server: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    host = Tab()
    code = await _hosted_room(host)
    host.go(f"/party/{code}")
    await host.connect(server)
    await host.state(PartyMeState).load()
    pick = host.state(PartyPickState)
    offered = [track(7), track(8)]
    monkeypatch.setattr(music, "search", lambda room_code, query, who: offered if room_code == code else [])

    assert await pick.add_track("t7") is not None and party.room_snapshot(code).queue == []  # not offered yet
    await pick.search({"query": "song"})
    assert pick.searched and [(t.id, t.duration) for t in pick.search_results] == [("t7", "3:00"), ("t8", "3:00")]
    added = await pick.add_track("t7")
    snap = party.room_snapshot(code)
    assert [t.title for t in ([snap.now_playing] if snap.now_playing else []) + list(snap.queue)] == ["Song 7"], (added, snap.at)

    await pick.search({"query": "   "})
    assert pick.search_results == [] and not pick.searched


async def test_the_history_lists_what_played_even_after_the_end(server: RecordingServer) -> None:
    host = Tab()
    code = await _hosted_room(host)
    host.go(f"/party/{code}")
    await host.connect(server)
    me = host.state(PartyMeState)
    await me.load()
    hana = party.Identity.user(_user_id(host))
    for n in range(2):
        party.add_to_queue(code, hana, track(n))
    party.advance_if_ended(code)
    party.skip_now(code, hana)  # "Song 0" played
    party.end_room(code, hana)
    await me.load()
    await me.load_history()
    assert me.history_loaded and [(r.title, r.added_by) for r in me.history] == [("Song 0", "Hana")]


async def test_after_a_restart_the_same_browser_finds_its_seat_and_votes(server: RecordingServer) -> None:
    """A restart loses every tab's state; the cookie and the database keep the rest."""
    host = Tab()
    code = await _hosted_room(host)
    hana = party.Identity.user(_user_id(host))
    for n in range(3):
        party.add_to_queue(code, hana, track(n))
    party.advance_if_ended(code)
    item = str(party.room_snapshot(code).queue[0].id)
    cookie = sign_guest(new_guest_key())
    before = guest_tab(f"/party/{code}", cookie)
    await before.connect(server)
    await before.state(PartyMeState).load()
    await before.state(PartyMeState).join({"display_name": "Gus"})
    await before.state(PartyMeState).vote(item, 1)
    seat = before.state(PartyMeState).member_id

    after = guest_tab(f"/party/{code}", cookie)  # the server restarted: a fresh state tree
    await after.connect(server)
    me = after.state(PartyMeState)
    await me.load()
    assert (me.phase, me.member_id, me.my_name, me.my_votes) == ("room", seat, "Gus", {item: 1})
    stale = guest_tab(f"/party/{code}", cookie)  # a tab that never learnt of the vote replays it
    await stale.connect(server)
    await stale.state(PartyMeState).load()
    stale.state(PartyMeState).my_votes = {}
    await stale.state(PartyMeState).vote(item, 1)
    assert party.room_snapshot(code).queue[0].up == 1 and len(party.present_members(code)) == 2
