"""Guests search the host's music within the room's budget: the same query costs one
request however many guests type it, new searches are capped, a guest over the budget
is told when to try again and can still vote; the host's own searches are not capped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from services import party
from services.catalog.types import Page, SearchResult, Track
from services.config import get_settings
from services.party import search as party_search
from services.party.errors import NotAMember, SearchBudgetSpent
from tests.unit.party.conftest import T0, Room, make_user, track


class CountingSource:
    """The host's catalog: answers any search, counting what reaches it."""

    kind = "spotify"

    def __init__(self) -> None:
        self.searches: list[str] = []

    def search(self, query: str, types: Sequence[str] = ("track",), limit: int = 10, offset: int = 0) -> SearchResult:
        self.searches.append(query)
        return SearchResult(tracks=Page([Track(id=f"{query[:8]}-{n}", name=f"{query} {n}") for n in range(limit)], limit))


@pytest.fixture
def source() -> CountingSource:
    return CountingSource()


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Three new searches a minute per host; a fresh cache."""
    monkeypatch.setenv("RATE_PARTY_SEARCH_PER_MINUTE", "3")
    get_settings.cache_clear()
    party_search.RESULTS.clear()
    yield 3
    get_settings.cache_clear()
    party_search.RESULTS.clear()


def test_the_same_query_from_many_guests_costs_one_request(room: Room, source: CountingSource, budget: int) -> None:
    guests = [room.guest(f"G{n}") for n in range(8)]
    for n, who in enumerate(guests):
        found = party_search.search_tracks(room.code, who, "  Lorde " if n % 2 else "lorde", source_for=lambda _uid: source)
        assert len(found) == 10
    assert source.searches == ["lorde"]  # the first asker's words; every later guest is served from the cache


def test_a_guest_over_the_budget_is_told_and_can_still_vote(room: Room, source: CountingSource, budget: int) -> None:
    guest = room.guest("Gus")
    for query in ("a", "b", "c"):
        party_search.search_tracks(room.code, guest, query, source_for=lambda _uid: source)

    with pytest.raises(SearchBudgetSpent) as spent:
        party_search.search_tracks(room.code, guest, "d", source_for=lambda _uid: source)

    assert "Try again in" in spent.value.message and "still vote" in spent.value.message
    assert source.searches == ["a", "b", "c"]
    assert party_search.search_tracks(room.code, guest, "b", source_for=lambda _uid: source)  # cached: free
    other = room.guest("Ola")  # the budget is the room's (the host's), not one guest's
    with pytest.raises(SearchBudgetSpent):
        party_search.search_tracks(room.code, other, "e", source_for=lambda _uid: source)
    item = party.add_to_queue(room.code, room.host, track(1), now=T0)
    assert party.vote(room.code, guest, item, 1, now=T0) == 1
    # The host's own searches are not capped.
    assert party_search.search_tracks(room.code, room.host, "f", source_for=lambda _uid: source)
    assert source.searches[-1] == "f"


def test_only_members_search_and_an_empty_query_costs_nothing(room: Room, source: CountingSource, budget: int) -> None:
    with pytest.raises(NotAMember):
        party_search.search_tracks(room.code, make_user("Stranger"), "lorde", source_for=lambda _uid: source)
    assert party_search.search_tracks(room.code, room.guest("Gus"), "   ", source_for=lambda _uid: source) == []
    assert source.searches == []
