"""The Free plan's room size at join, "my rooms", and search-based suggestions."""

from __future__ import annotations

import pytest

from services import party
from services.billing import UpgradeRequired, set_plan_override
from services.catalog.suggest import Seed, suggest_next
from services.catalog.types import Artist, Page, SearchResult, Track
from services.db import session_scope
from tests.unit.party.conftest import Room

pytestmark = pytest.mark.usefixtures("db")


def test_free_plan_room_holds_ten_people_and_pro_more(room: Room) -> None:
    for i in range(9):  # the host plus nine
        room.guest(f"Guest {i}")
    with pytest.raises(UpgradeRequired) as refused:
        room.guest("Eleventh")
    assert refused.value.feature == "party_size" and refused.value.allowed == 10
    # Someone leaving frees a place; the host may always come back.
    party.leave_room(room.code, room.host)
    party.join_room(room.code, room.host)
    with session_scope() as db:
        set_plan_override(db, room.host.user_id or 0, "pro")
    room.guest("Eleventh")
    assert len(party.present_members(room.code)) == 11


def test_my_rooms_lists_hosted_and_joined_rooms(room: Room) -> None:
    listener = room.user("Lou")
    rows = party.my_rooms(listener.user_id or 0)
    assert [(r.code, r.role, r.present_count) for r in rows] == [(room.code, "listener", 2)]
    assert party.my_rooms(room.host.user_id or 0)[0].role == "host"
    assert party.room_host_id(room.code) == room.host.user_id


class _Source:
    kind, label = "demo", "Demo"

    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, query, types=("track",), limit=10, offset=0):
        self.queries.append(query)
        if query.startswith("artist:"):
            tracks = [Track(id="a1", name="Same artist 1", artist_names=("Ada",)), Track(id="q1", name="Queued", artist_names=("Ada",))]
            return SearchResult(tracks=Page(tracks), artists=Page([Artist(id="ada", name="Ada", genres=("synthpop",))]))
        return SearchResult(tracks=Page([Track(id="g1", name="Genre pick", artist_names=("Bo",))]))

    def top_tracks(self, time_range="medium_term", limit=20, offset=0):
        return Page([Track(id="top", name="Top", artist_names=("Cy",))])


def test_suggestions_come_from_the_rooms_artists_then_their_genres_never_repeating() -> None:
    source = _Source()
    picked = suggest_next(source, [Seed("q1", "Ada, Friend")], limit=6)  # type: ignore[arg-type]
    assert [t.id for t in picked] == ["a1", "g1"]
    assert source.queries == ['artist:"Ada"', 'genre:"synthpop"']
    assert [t.id for t in suggest_next(source, [], limit=3)] == ["top"]  # type: ignore[arg-type]
