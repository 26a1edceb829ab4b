"""Plain music objects every page reads, whichever source (demo or Spotify) produced them.

Frozen slotted dataclasses: cheap, hashable, safe to cache and to hand to the UI
layer, and free of any database or HTTP detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

AlbumType = Literal["album", "single", "compilation"]
TimeRange = Literal["short_term", "medium_term", "long_term"]
TIME_RANGES: tuple[TimeRange, ...] = ("short_term", "medium_term", "long_term")


def era_of(date: dt.date | None) -> str:
    """A decade label such as "1990s", used in descriptions and tags."""
    if date is None:
        return ""
    return f"{date.year // 10 * 10}s"


@dataclass(frozen=True, slots=True)
class Artist:
    """A performer; `image_url` may be a data URI (demo) or an https URL (Spotify)."""

    id: str
    name: str
    genres: tuple[str, ...] = ()
    popularity: int = 0
    followers: int = 0
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class Album:
    """A release. `album_group` is the artist's relation to it (album, single, appears_on...)."""

    id: str
    name: str
    album_type: AlbumType = "album"
    album_group: str = "album"
    artist_ids: tuple[str, ...] = ()
    artist_names: tuple[str, ...] = ()
    release_date: dt.date | None = None
    release_date_precision: str = "day"
    total_tracks: int = 0
    image_url: str = ""
    label: str = ""
    markets: tuple[str, ...] = ()
    explicit: bool = False


@dataclass(frozen=True, slots=True)
class Track:
    """A recording, with enough album and artist context to show it without more calls."""

    id: str
    name: str
    artist_ids: tuple[str, ...] = ()
    artist_names: tuple[str, ...] = ()
    album_id: str = ""
    album_name: str = ""
    album_type: str = "album"
    duration_ms: int = 0
    release_date: dt.date | None = None
    popularity: int = 0
    explicit: bool = False
    image_url: str = ""
    preview_url: str | None = None
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    uri: str = ""

    @property
    def artist_name(self) -> str:
        """All credited artists joined for display."""
        return ", ".join(self.artist_names)

    def description(self) -> str:
        """'artist – title. album. genres. era. style' text, the input for embeddings."""
        parts = [f"{self.artist_name} – {self.name}"]
        if self.album_name:
            parts.append(self.album_name)
        if self.genres:
            parts.append(", ".join(self.genres))
        era = era_of(self.release_date)
        if era and era not in self.tags:
            parts.append(era)
        if self.tags:
            parts.append(", ".join(self.tags))
        return ". ".join(parts)


@dataclass(frozen=True, slots=True)
class AudioFeatures:
    """Spotify-style audio features (0..1 scales except tempo, key, mode and loudness)."""

    danceability: float
    energy: float
    valence: float
    acousticness: float
    instrumentalness: float
    speechiness: float
    liveness: float
    tempo: float
    key: int
    mode: int
    loudness: float


@dataclass(frozen=True, slots=True)
class Playlist:
    """A playlist; `owned_by_me` says whether the signed-in user may write to it."""

    id: str
    name: str
    description: str = ""
    owner_id: str = ""
    image_url: str = ""
    track_count: int = 0
    public: bool = False
    owned_by_me: bool = True


@dataclass(frozen=True, slots=True)
class PlayedTrack:
    """One entry of the listening history."""

    track: Track
    played_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: offset paging (`next_offset`) or cursor paging (`next_cursor`).

    `skipped` counts entries the source sent that could not be read (null, no id or
    name): they are left out, and callers that report on their work count them."""

    items: list[T] = field(default_factory=list)
    total: int = 0
    next_offset: int | None = None
    next_cursor: str | None = None
    skipped: int = 0

    @property
    def has_more(self) -> bool:
        return self.next_offset is not None or self.next_cursor is not None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Search answers per type; types that were not asked for come back empty."""

    tracks: Page[Track] = field(default_factory=Page)
    artists: Page[Artist] = field(default_factory=Page)
    albums: Page[Album] = field(default_factory=Page)


@dataclass(frozen=True, slots=True)
class Profile:
    """The signed-in listener as the source knows them."""

    id: str
    display_name: str
    email: str = ""
    country: str = ""
    product: str = ""
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class Device:
    """A playback target."""

    id: str
    name: str
    type: str = "Computer"
    is_active: bool = False


@dataclass(frozen=True, slots=True)
class Playback:
    """What is playing now; `progress_ms` is computed at the moment of the call."""

    track: Track | None
    progress_ms: int = 0
    is_playing: bool = False
    device: Device | None = None
    started_at: dt.datetime | None = None
