"""What the dashboard's library panel shows, read from whichever source is active.

One call per page load: top artists, recent tracks and playlists, with the source's
kind and label for the badge. A source failure becomes a message, never a crash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from services.catalog import get_source
from services.catalog.source import SourceError
from services.catalog.types import Artist, PlayedTrack, Playlist

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LibrarySnapshot:
    source_kind: str
    source_label: str
    top_artists: list[Artist] = field(default_factory=list)
    recent: list[PlayedTrack] = field(default_factory=list)
    playlists: list[Playlist] = field(default_factory=list)
    error: str = ""


def library_snapshot(user_id: int, artists: int = 8, recent: int = 10, playlists: int = 6) -> LibrarySnapshot:
    """The panel's content for this user; on failure the parts read so far plus a message."""
    source = get_source(user_id)
    parts: dict[str, list] = {"top_artists": [], "recent": [], "playlists": []}
    try:
        parts["top_artists"] = list(source.top_artists("short_term", limit=artists).items)
        # Recent plays repeat: show each track once.
        seen: set[str] = set()
        for played in source.recently_played(limit=50):
            if played.track.id not in seen and len(parts["recent"]) < recent:
                seen.add(played.track.id)
                parts["recent"].append(played)
        parts["playlists"] = list(source.playlists(limit=playlists).items)
    except SourceError as exc:
        return LibrarySnapshot(source.kind, source.label, error=exc.message, **parts)
    except Exception:  # one broken source must not break the dashboard
        log.exception("library snapshot failed for user %s (%s)", user_id, source.kind)
        return LibrarySnapshot(source.kind, source.label, error="Your library could not be loaded right now.", **parts)
    return LibrarySnapshot(source.kind, source.label, **parts)
