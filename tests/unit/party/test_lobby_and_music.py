"""The lobby's form and lists, the host's music for a room, the page's rows and the
one skip button: what the party pages show and do, without a browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services import party
from services.catalog import suggest
from services.catalog.source import SourceError
from services.catalog.types import Page, Playlist, SearchResult, Track
from services.party import lobby, music, rows
from tests.unit.party.conftest import Room, T0, later, track

pytestmark = pytest.mark.usefixtures("db")


class FakeSource:
    """A host's music source: two playlists, a search that records its queries."""

    kind, label = "demo", "Demo"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.queries: list[str] = []

    def _check(self) -> None:
        if self.fail:
            raise SourceError("Spotify did not answer; try again in a minute.")

    def search(self, query, types=("track",), limit=10, offset=0):  # type: ignore[no-untyped-def]
        self._check()
        self.queries.append(query)
        return SearchResult(tracks=Page([Track(id="s1", name="Found", artist_names=("Ada", "Bo"), duration_ms=61_000)]))

    def top_tracks(self, time_range="medium_term", limit=20, offset=0):  # type: ignore[no-untyped-def]
        return Page([Track(id="top", name="Top", artist_names=("Cy",))])

    def playlists(self, limit=20, offset=0):  # type: ignore[no-untyped-def]
        self._check()
        return Page([Playlist(id="p1", name="Road trip", track_count=2), Playlist(id="p2", name="Empty")])

    def playlist_items(self, playlist_id, limit=50, offset=0):  # type: ignore[no-untyped-def]
        self._check()
        return Page([Track(id="f1", name="Fallback one", artist_names=("Di",), duration_ms=200_000),
                     Track(id="f2", name="Fallback two", artist_names=("Di",), duration_ms=200_000)])


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSource]:
    fake = FakeSource()
    monkeypatch.setattr(music, "get_source", lambda user_id: fake)
    suggest._playlists.clear()  # user ids repeat between tests (the tables are emptied)
    yield fake
    suggest._playlists.clear()


def test_the_host_form_is_read_with_defaults_and_clear_errors() -> None:
    form = lobby.read_host_form({"name": "Friday", "queue_limit": " 3 ", "skip_threshold": "0.67", "fallback": "none"})
    assert (form.name, form.settings.queue_limit, form.settings.skip_threshold) == ("Friday", 3, 0.67)
    assert form.settings.fallback_playlist_id is None and form.settings.add_policy == "everyone"
    assert lobby.read_host_form({}).settings == party.RoomSettings()
    with pytest.raises(party.InvalidInput, match="whole number"):
        lobby.read_host_form({"queue_limit": "five"})
    with pytest.raises(party.InvalidInput, match="votes a skip needs"):
        lobby.read_host_form({"skip_threshold": "half"})


def test_hosting_from_the_form_snapshots_the_fallback_playlist(source: FakeSource, room: Room) -> None:
    host_id = room.host.user_id or 0
    code = lobby.host_room(host_id, "Hana", {"name": "Garden", "fallback": "p1", "add_policy": "hosts"})
    assert party.room_snapshot(code).room.name == "Garden"
    party.add_to_queue(code, room.host, track(1))
    party.advance_if_ended(code)
    party.skip_now(code, room.host)  # nothing left in the queue: the fallback playlist plays
    now = party.room_snapshot(code).now_playing
    assert now is not None and now.title == "Fallback one"
    with pytest.raises(party.InvalidInput):  # the service's own range check
        lobby.host_room(host_id, "Hana", {"queue_limit": "1000"})


def test_the_lobby_lists_my_rooms_and_my_playlists(source: FakeSource, room: Room) -> None:
    party.set_locked(room.code, room.host, True)
    seen = lobby.lobby(room.host.user_id or 0)
    assert seen.rooms == [rows.MyRoomRow(room.code, "Friday Night", "host", "1", "locked", "1 Jun 2026")]
    assert [(p.id, p.label) for p in seen.playlists] == [("p1", "Road trip (2)"), ("p2", "Empty (0)")]
    source.fail = True
    suggest._playlists.clear()
    assert lobby.lobby(room.host.user_id or 0).playlists == []  # a failing source: no fallback choices, no error


def test_finding_a_room_by_its_code(room: Room) -> None:
    assert lobby.find_room(" " + room.code.lower() + " ") == room.code
    with pytest.raises(party.InvalidInput, match="6 letters"):
        lobby.find_room("ab")
    with pytest.raises(party.RoomNotFound):
        lobby.find_room("ZZZZZZ")


def test_music_comes_from_the_hosts_source_and_failures_read_well(source: FakeSource, room: Room) -> None:
    assert music.search(room.code, "   ", room.host) == [] and source.queries == []
    found = music.search(room.code, "x" * 300, room.host)
    assert source.queries == ["x" * music.SEARCH_MAX_CHARS]
    assert found == [party.TrackRef("s1", "Found", "Ada, Bo", "", 61_000)]
    assert [p.label for p in music.host_playlists(room.code)] == ["Road trip (2)", "Empty (0)"]
    assert [t.track_id for t in music.playlist_tracks(room.code, "p1")] == ["f1", "f2"]
    source.fail = True
    suggest._playlists.clear()
    with pytest.raises(music.MusicUnavailable, match="did not answer") as failed:
        music.search(room.code, "ada", room.host)
    assert isinstance(failed.value, party.PartyError)


def test_suggestions_start_from_what_plays_and_waits(source: FakeSource, room: Room) -> None:
    party.add_to_queue(room.code, room.host, track(1))
    party.advance_if_ended(room.code)
    assert [t.track_id for t in music.suggestions(room.code)] == ["s1"]
    assert source.queries[0] == 'artist:"Artist 1"'


def test_room_rows_are_display_ready() -> None:
    entry = party.QueueEntry(id=7, position=0, track_id="t", title="Song", artists="Ada", image_url="", duration_ms=185_400,
                             up=3, down=1, score=2, pinned=True, added_by_member_id=None, added_by_name="Fallback",
                             added_at=T0)
    (row,) = rows.queue_rows([entry])
    assert row == rows.QueueRow("7", "Song", "Ada", "", "3:05", True, "Fallback", "")
    assert rows.queue_scores([entry]) == {"7": "+2"}
    assert rows.queue_scores([entry.__class__(**{**entry.__dict__, "score": 0})]) == {"7": "0"}
    assert rows.track_picks([track(4, minutes=2.5)]) == [rows.TrackPick("t4", "Song 4", "Artist 4", "", "2:30")]
    assert rows.epoch_ms(T0.replace(tzinfo=None)) == int(T0.timestamp() * 1000)  # naive = UTC


def test_one_skip_button_votes_then_withdraws(room: Room) -> None:
    a, b = room.guest("A"), room.guest("B")
    for n in range(2):
        party.add_to_queue(room.code, room.host, track(n))
    party.advance_if_ended(room.code, now=later(1))
    seq = party.room_snapshot(room.code).now_playing.play_seq  # type: ignore[union-attr]
    voted = party.vote_skip(room.code, a, now=later(2), withdraw=None)
    assert (voted.votes, voted.skipped, voted.mine, voted.play_seq) == (1, False, True, seq)
    withdrawn = party.vote_skip(room.code, a, now=later(3), withdraw=None)
    assert (withdrawn.votes, withdrawn.mine) == (0, False)
    party.vote_skip(room.code, a, now=later(4), withdraw=None)
    skipped = party.vote_skip(room.code, b, now=later(5), withdraw=None)
    assert skipped.skipped and not skipped.mine and skipped.play_seq == -1
