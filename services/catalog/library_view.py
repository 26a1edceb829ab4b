"""The dashboard's library panel as rows: top artists, recently played, playlists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services import formatting
from services.catalog.snapshot import LibrarySnapshot, library_snapshot
from services.db import utcnow


@dataclass(frozen=True, slots=True)
class ArtistTile:
    id: str
    name: str
    image: str
    genres: str  # the first two, "synthpop, indie pop"


@dataclass(frozen=True, slots=True)
class RecentTrack:
    id: str
    name: str
    artist: str
    image: str
    when: str  # "3 min. ago"


@dataclass(frozen=True, slots=True)
class PlaylistTile:
    id: str
    name: str
    image: str
    count: str  # "12 tracks"


@dataclass(frozen=True)
class LibraryView:
    source_label: str  # "Demo catalog", "Spotify"
    is_demo: bool
    error: str = ""  # what could not be read (the rest still shows)
    artists: list[ArtistTile] = field(default_factory=list)
    recent: list[RecentTrack] = field(default_factory=list)
    playlists: list[PlaylistTile] = field(default_factory=list)


def library_view(snap: LibrarySnapshot, now: datetime) -> LibraryView:
    return LibraryView(
        source_label=snap.source_label,
        is_demo=snap.source_kind == "demo",
        error=snap.error,
        artists=[ArtistTile(a.id, a.name, a.image_url, ", ".join(a.genres[:2])) for a in snap.top_artists],
        recent=[RecentTrack(p.track.id, p.track.name, p.track.artist_name, p.track.image_url, formatting.ago(p.played_at, now))
                for p in snap.recent],
        playlists=[PlaylistTile(p.id, p.name, p.image_url, formatting.count(p.track_count, "track")) for p in snap.playlists],
    )


def library_panel(user_id: int, now: datetime | None = None) -> LibraryView:
    """The panel of this person's active source (Spotify when connected, else the demo library)."""
    return library_view(library_snapshot(user_id), now or utcnow())
