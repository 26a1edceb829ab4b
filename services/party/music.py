"""The host's music for a party room: search, the host's playlists, "suggested next".

Everything comes from the HOST's music source: its ids are what the host's player
plays. Tracks come back as `TrackRef`s (what the room stores of a track); the
web layer keeps the ones it showed server-side, so a browser can only queue a
track it was offered. A failing source becomes `MusicUnavailable` (a
`PartyError` with a readable message).

Not imported by `services.party` itself: the catalog pulls in the Spotify client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from services.catalog import get_source
from services.catalog.source import MusicSource, SourceError
from services.catalog.suggest import Seed, cached_playlist_tracks, cached_playlists, suggest_next
from services.party.errors import InvalidInput, PartyError
from services.party.playback import recently_played
from services.party.rooms import room_host_id
from services.party.rows import PlaylistOption, playlist_option
from services.party.search import search_tracks
from services.party.types import Identity, TrackRef
from services.party.view import room_snapshot

T = TypeVar("T")
SEARCH_MAX_CHARS = 100
SEARCH_RESULTS = 10
SUGGESTIONS = 6


class MusicUnavailable(PartyError):
    """The host's music source failed (Spotify down, a token revoked...)."""

    code = "music_unavailable"


def _from_source(work: Callable[[], T]) -> T:
    try:
        return work()
    except SourceError as exc:
        raise MusicUnavailable(exc.message) from exc


def _host(code: str) -> tuple[int, MusicSource]:
    host_id = room_host_id(code)
    return host_id, get_source(host_id)


def clean_query(raw: str) -> str:
    """What a search box sends, trimmed to a size the source accepts ("" = no search)."""
    return (raw or "").strip()[:SEARCH_MAX_CHARS]


def search(code: str, query: str, who: Identity) -> list[TrackRef]:
    """Tracks of the host's source matching `query`, within the room's search budget
    (`services.party.search`: cached per room, guests' new searches capped)."""
    query = clean_query(query)
    if not query:
        return []
    found = _from_source(lambda: search_tracks(code, who, query, limit=SEARCH_RESULTS, source_for=lambda uid: get_source(uid)))
    return [TrackRef.of(t) for t in found]


def track_ref(code: str, track_id: str) -> TrackRef:
    """One track of the host's source by its id (what the API queues: the details come
    from the source, never from the caller)."""
    _, source = _host(code)
    found = _from_source(lambda: source.tracks([track_id.strip()[:100]]))
    if not found or not found[0].id:
        raise InvalidInput("That track is not in the host's music; search for it first.")
    return TrackRef.of(found[0])


def host_playlists(code: str) -> list[PlaylistOption]:
    """The host's playlists (cached a few minutes) to pick tracks from."""
    host_id, source = _host(code)
    lists = _from_source(lambda: cached_playlists(host_id, source))
    return [playlist_option(p.id, p.name, p.track_count) for p in lists]


def playlist_tracks(code: str, playlist_id: str) -> list[TrackRef]:
    """The tracks of one of the host's playlists."""
    host_id, source = _host(code)
    return [TrackRef.of(t) for t in _from_source(lambda: cached_playlist_tracks(host_id, source, playlist_id))]


def suggestions(code: str, limit: int = SUGGESTIONS) -> list[TrackRef]:
    """"Suggested next": by the artists playing, queued and played here (a failing source: none)."""
    _, source = _host(code)
    view = room_snapshot(code)
    seeds = [Seed(q.track_id, q.artists) for q in view.queue[:5]]
    if view.now_playing is not None:
        seeds.insert(0, Seed(view.now_playing.track_id, view.now_playing.artists))
    seeds += [Seed(p.track_id, p.artists) for p in recently_played(code, limit=10)[:5]]
    return [TrackRef.of(t) for t in suggest_next(source, seeds, limit=limit)]


def my_playlists(user_id: int) -> list[PlaylistOption]:
    """A host's own playlists, for the fallback choice when opening a room (none if the source fails)."""
    try:
        lists = cached_playlists(user_id, get_source(user_id))
    except SourceError:
        return []
    return [playlist_option(p.id, p.name, p.track_count) for p in lists]


def fallback_tracks(user_id: int, playlist_id: str) -> list[TrackRef]:
    """A snapshot of the host's fallback playlist (auto-play then needs no catalog)."""
    if not playlist_id:
        return []
    source = get_source(user_id)
    return [TrackRef.of(t) for t in _from_source(lambda: cached_playlist_tracks(user_id, source, playlist_id))]
