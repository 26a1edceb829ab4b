"""Searching for music in a party room, within the room's budget.

Everyone in a room searches the host's music source, so on Spotify every guest's
search spends the host's quota. A room's searches therefore share a budget: answers
are cached per room (the same query, typed by any number of guests, costs one
request for ten minutes), and new searches by anyone but the host are capped by the
`party_search` rate rule (`RATE_PARTY_SEARCH_PER_MINUTE`, counted on the host's
account, so one busy room cannot exhaust their quota). When it is spent, guests are
told when to try again; voting, chat and the queue need no search and go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services import ratelimit
from services.cache import Cache
from services.catalog.source import MusicSource
from services.catalog.types import Track
from services.party.errors import SearchBudgetSpent
from services.party.rooms import room_host_id
from services.party.tx import load_room, normalize_code, require_member, require_open, run_in_transaction
from services.party.types import Identity

SEARCH_TTL_SECONDS = 600
MAX_QUERY_CHARS = 100
RESULTS: Cache[tuple[str, str], tuple[Track, ...]] = Cache(max_entries=5_000, ttl=SEARCH_TTL_SECONDS)


def _default_source(user_id: int) -> MusicSource:
    from services.catalog import get_source

    return get_source(user_id)


def normalize_query(query: str) -> str:
    """The query as the cache knows it: trimmed, spaces collapsed, case folded, capped."""
    return re.sub(r"\s+", " ", (query or "").strip()).casefold()[:MAX_QUERY_CHARS]


def _is_host(code: str, who: Identity) -> bool:
    def work(db):  # type: ignore[no-untyped-def]
        room = load_room(db, code)
        require_open(room)
        return require_member(db, room, who).role == "host"

    return run_in_transaction(work)


def search_tracks(code: str, who: Identity, query: str, *, limit: int = 10,
                  source_for: Callable[[int], MusicSource] = _default_source) -> list[Track]:
    """Tracks matching `query` in the host's source, for a member of the room. Cached answers
    cost nothing; a new search by a guest takes one unit of the room's budget, and raises
    `SearchBudgetSpent` (with when to try again) once it is spent."""
    wanted = normalize_query(query)
    if not wanted:
        return []
    host = _is_host(code, who)
    host_id = room_host_id(code)
    source = source_for(host_id)
    key = (f"{normalize_code(code)}:{source.kind}", wanted)  # a host who connects Spotify gets new answers
    hit = RESULTS.get(key)
    if hit is not None:
        return list(hit)
    if not host:
        try:
            ratelimit.hit("party_search", user_id=host_id)
        except ratelimit.RateLimited as exc:
            raise SearchBudgetSpent(
                f"This party has used its searches for now (they share the host's Spotify). Try again in "
                f"{exc.retry_after} s; until then you can still vote, chat and add from the playlists."
            ) from exc
    tracks = tuple(source.search(query.strip()[:MAX_QUERY_CHARS], types=("track",), limit=limit).tracks.items)
    RESULTS.put(key, tracks)
    return list(tracks)
