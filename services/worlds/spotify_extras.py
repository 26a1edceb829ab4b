"""What the world builder needs from Spotify beyond the `MusicSource` interface.

Through the Spotify source's own client (`services.spotify`), one object at a time
as development-mode apps must: artists' genres (tracks
carry none; each artist is read once and cached by the client's cache), and the
changes an exported playlist follows when its world is renamed or deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Track

log = logging.getLogger(__name__)
MAX_ARTIST_LOOKUPS = 120  # per build: the artists of the first candidates found (best routes first)


def with_artist_genres(source: MusicSource, tracks: Sequence[Track], limit: int = MAX_ARTIST_LOOKUPS) -> list[Track]:
    """Tracks with their first artist's genres where they had none (Spotify gives genres per artist)."""
    if source.kind != "spotify":
        return list(tracks)
    genres: dict[str, tuple[str, ...]] = {}
    looked = 0
    for t in tracks:
        if t.genres or not t.artist_ids or t.artist_ids[0] in genres:
            continue
        if looked >= limit:
            break
        looked += 1
        try:
            artist = source.artist(t.artist_ids[0])
        except SourceError as exc:
            log.info("artist genres stopped: %s", exc.message)
            break
        genres[t.artist_ids[0]] = tuple(artist.genres) if artist else ()
    return [replace(t, genres=genres.get(t.artist_ids[0], ())) if not t.genres and t.artist_ids else t for t in tracks]


def rename_playlist(source: MusicSource, playlist_id: str, name: str, description: str | None = None) -> None:
    """Change an exported playlist's name (and description) on the source."""
    client = getattr(source, "client", None)
    if client is not None:
        from services.spotify import cache

        kwargs = {"name": name} if description is None else {"name": name, "description": description}
        client.call("playlist_change_details", playlist_id, **kwargs)
        cache.invalidate(getattr(source, "user_id", 0), "me:playlists")
        return
    _demo_playlist_change(source, playlist_id, name=name, description=description)


def unfollow_playlist(source: MusicSource, playlist_id: str) -> None:
    """Remove an exported playlist from the person's library (Spotify: unfollow, its way of deleting)."""
    client = getattr(source, "client", None)
    if client is not None:
        from services.spotify import cache

        client.call("current_user_unfollow_playlist", playlist_id)
        cache.invalidate(getattr(source, "user_id", 0), "me:playlists")
        return
    _demo_playlist_change(source, playlist_id, delete=True)


def _demo_playlist_change(source: MusicSource, playlist_id: str, *, name: str | None = None,
                          description: str | None = None, delete: bool = False) -> None:
    """The demo library's playlists are rows of this person's: changed in one transaction."""
    from services.catalog.models import DemoPlaylist
    from services.db import session_scope, utcnow

    user_id = getattr(source, "user_id", None)
    with session_scope() as db:
        row = db.get(DemoPlaylist, playlist_id)
        if row is None or row.user_id != user_id:
            raise SourceError("That playlist does not exist.")
        if delete:
            db.delete(row)
            return
        if name is not None:
            row.name = name[:200]
        if description is not None:
            row.description = description[:300]
        row.updated_at = utcnow()
        db.add(row)
