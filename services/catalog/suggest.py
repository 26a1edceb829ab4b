""""Suggested next" for a party room, and a short cache of a host's playlists.

Spotify deprecated its recommendations endpoint, so suggestions are built from
plain catalog search, which every `MusicSource` offers: more by the artists in the
queue and what played, then tracks of those artists' genres, most popular first,
skipping anything already queued or played.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.cache import Cache
from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Playlist, Track

PLAYLIST_TTL = 300.0  # seconds a host's playlists stay cached
_playlists: Cache[tuple, list] = Cache(max_entries=2000, ttl=PLAYLIST_TTL)


@dataclass(frozen=True)
class Seed:
    """A track the room has queued or played: its artists are the suggestion seeds."""

    track_id: str
    artists: str


def _quoted(value: str) -> str:
    return '"' + value.replace('"', " ").strip() + '"'


def _first_artist(artists: str) -> str:
    return artists.split(",")[0].strip()


def suggest_next(source: MusicSource, seeds: Sequence[Seed], exclude: Iterable[str] = (), limit: int = 6) -> list[Track]:
    """Up to `limit` tracks that fit the room: same artists first, then their genres.

    With no seeds yet, the source's own top tracks (the host's taste) stand in.
    A failing source gives no suggestions rather than an error.
    """
    skip = set(exclude) | {s.track_id for s in seeds}
    picked: list[Track] = []

    def take(tracks: Iterable[Track], per_call: int) -> None:
        taken = 0
        for track in tracks:
            if len(picked) >= limit or taken >= per_call:
                return
            if track.id in skip:
                continue
            skip.add(track.id)
            picked.append(track)
            taken += 1

    artists: list[str] = []
    for seed in seeds:
        name = _first_artist(seed.artists)
        if name and name.casefold() not in {a.casefold() for a in artists}:
            artists.append(name)
    try:
        if not artists:
            take(source.top_tracks(limit=limit * 2).items, limit)
            return picked
        genres: list[str] = []
        for name in artists[:4]:
            found = source.search(f"artist:{_quoted(name)}", types=("track", "artist"), limit=10)
            take(found.tracks.items, 2)
            for artist in found.artists.items[:1]:
                genres.extend(g for g in artist.genres[:2] if g not in genres)
        for genre in genres[:4]:
            if len(picked) >= limit:
                break
            take(source.search(f"genre:{_quoted(genre)}", types=("track",), limit=20).tracks.items, 3)
    except (SourceError, ValueError):
        return picked
    return picked


def cached_playlists(user_id: int, source: MusicSource, limit: int = 50) -> list[Playlist]:
    """The user's playlists, cached for a few minutes (every guest browsing them hits this)."""
    return _playlists.get_or_load(("playlists", user_id), lambda: list(source.playlists(limit=limit).items))


def cached_playlist_tracks(user_id: int, source: MusicSource, playlist_id: str, limit: int = 50) -> list[Track]:
    """A playlist's first tracks, cached like the list."""
    return _playlists.get_or_load(
        ("playlist", user_id, playlist_id), lambda: list(source.playlist_items(playlist_id, limit=limit).items)
    )
