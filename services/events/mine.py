"""A person's artists for "only my artists": followed, top and library artists, read
through the music source (the demo catalog, or Spotify once connected)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MyArtists:
    """Names and source ids, most important first (followed, then top, then library)."""

    names: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    error: str = ""


def my_artists(user_id: int, limit: int = 100) -> MyArtists:
    """The person's artists; on failure whatever was read plus a message (never raises)."""
    from services.catalog import SourceError, get_source

    names: list[str] = []
    ids: list[str] = []

    def add(artist_id: str, name: str) -> None:
        if name and name.casefold() not in {n.casefold() for n in names} and len(names) < limit:
            names.append(name)
            ids.append(artist_id)

    try:
        source = get_source(user_id)
        after: str | None = None
        for _ in range(2):  # two pages of followed artists
            page = source.followed_artists(limit=50, after=after)
            for a in page.items:
                add(a.id, a.name)
            after = page.next_cursor
            if not after:
                break
        for a in source.top_artists("medium_term", limit=50).items:
            add(a.id, a.name)
        for track in source.saved_tracks(limit=50).items:
            for artist_id, name in zip(track.artist_ids, track.artist_names, strict=False):
                add(artist_id, name)
    except SourceError as exc:
        return MyArtists(names, ids, exc.message)
    except Exception:  # a broken library must not break the events page
        log.exception("could not read the artists of user %s", user_id)
        return MyArtists(names, ids, "Your artists could not be loaded right now.")
    return MyArtists(names, ids)
