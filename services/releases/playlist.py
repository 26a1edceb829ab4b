"""Adding a release from the feed to a playlist on the person's own source
(live: a Spotify playlist; demo: a playlist in the demo library)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Playlist
from services.db import session_scope
from services.releases.feed import FeedError
from services.releases.models import Release, UserRelease
from services.releases.scan import default_source_for


def save_release_as_playlist(
    user_id: int, release_id: int, *, source_for: Callable[[int], MusicSource] = default_source_for
) -> Playlist:
    """A new playlist holding the release's tracks; FeedError (safe to show) when it cannot be made."""
    with session_scope() as db:
        row = db.exec(
            select(Release).join(UserRelease, UserRelease.release_id == Release.id)  # type: ignore[arg-type]
            .where(UserRelease.user_id == user_id, Release.id == release_id)
        ).first()
        if row is None:
            raise FeedError("This release is not in your feed.")
        album_id, title, artist, kind, day = row.album_id, row.title, row.artist_name, row.kind, row.release_date
    source = source_for(user_id)
    try:
        tracks = source.album_tracks(album_id)
        if not tracks:
            raise FeedError("This release has no tracks to add yet.")
        playlist = source.create_playlist(
            f"{title} – {artist}"[:200], description=f"{kind.title()} released {day.isoformat()}, from your release feed"
        )
        source.replace_playlist_items(playlist.id, [t.id for t in tracks])
    except SourceError as exc:
        raise FeedError(exc.message) from exc
    return playlist
