"""Tables of the demo catalog (shared by everyone) and of each account's demo library.

The catalog is generated once (`seed_catalog`); list columns (genres, tags, artist
ids) are stored as "|"-joined text and `search_text` is the lower-cased words that
search matches, so search and paging are plain SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from services.db import utcnow


class CatalogMeta(SQLModel, table=True):
    """One row once the catalog is seeded: the seed and the counts it produced."""

    key: str = Field(default="catalog", primary_key=True, max_length=20)
    seed: int
    artists: int
    albums: int
    tracks: int
    seeded_at: dt.datetime = Field(default_factory=utcnow)


class CatalogArtist(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    seq: int = Field(unique=True)  # generation order; the row's key in the full-text index
    name: str = Field(max_length=120)
    genres: str = Field(default="", max_length=300)
    family: str = Field(default="", max_length=40, index=True)
    popularity: int = Field(default=0, index=True)
    followers: int = 0
    image_url: str = ""
    search_text: str = ""


class CatalogAlbum(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    seq: int = Field(unique=True)  # generation order; the row's key in the full-text index
    name: str = Field(max_length=200)
    album_type: str = Field(default="album", max_length=20)
    artist_id: str = Field(index=True, max_length=32)
    artist_ids: str = ""
    artist_names: str = ""
    release_date: dt.date = Field(index=True)
    release_date_precision: str = Field(default="day", max_length=10)
    total_tracks: int = 0
    image_url: str = ""
    label: str = Field(default="", max_length=120)
    markets: str = ""
    explicit: bool = False
    genre: str = Field(default="", max_length=60)
    popularity: int = Field(default=0, index=True)
    search_text: str = ""


class CatalogTrack(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    seq: int = Field(unique=True)  # generation order; the row's key in the full-text index
    name: str = Field(max_length=200)
    artist_id: str = Field(index=True, max_length=32)
    artist_ids: str = ""
    artist_names: str = ""
    album_id: str = Field(index=True, max_length=32)
    track_number: int = 1
    duration_ms: int = 0
    release_date: dt.date
    popularity: int = Field(default=0, index=True)
    explicit: bool = False
    genre: str = Field(default="", max_length=60, index=True)
    genres: str = ""
    tags: str = ""
    danceability: float = 0.0
    energy: float = 0.0
    valence: float = 0.0
    acousticness: float = 0.0
    instrumentalness: float = 0.0
    speechiness: float = 0.0
    liveness: float = 0.0
    tempo: float = 0.0
    key: int = 0
    mode: int = 1
    loudness: float = 0.0
    search_text: str = ""


class DemoLibrary(SQLModel, table=True):
    """Marks an account whose demo library has been generated (idempotency)."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    country: str = Field(default="US", max_length=2)
    seeded_at: dt.datetime = Field(default_factory=utcnow)


class DemoPlay(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True, foreign_key="user.id", ondelete="CASCADE")
    track_id: str = Field(max_length=32)
    played_at: dt.datetime = Field(index=True)


class DemoTopItem(SQLModel, table=True):
    """The listener's top tracks or artists for one time range, by rank."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    kind: str = Field(primary_key=True, max_length=10)  # "track" | "artist"
    time_range: str = Field(primary_key=True, max_length=12)
    rank: int = Field(primary_key=True)
    item_id: str = Field(max_length=32)


class DemoSavedTrack(SQLModel, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    track_id: str = Field(primary_key=True, max_length=32)
    added_at: dt.datetime = Field(index=True)


class DemoFollow(SQLModel, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    artist_id: str = Field(primary_key=True, max_length=32)
    followed_at: dt.datetime = Field(default_factory=utcnow)


class DemoPlaylist(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(index=True, foreign_key="user.id", ondelete="CASCADE")
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=300)
    public: bool = False
    owned_by_me: bool = True
    owner_id: str = Field(default="", max_length=64)
    image_url: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class DemoPlaylistItem(SQLModel, table=True):
    playlist_id: str = Field(primary_key=True, foreign_key="demoplaylist.id", ondelete="CASCADE", max_length=32)
    position: int = Field(primary_key=True)
    track_id: str = Field(max_length=32)


class DemoPlayback(SQLModel, table=True):
    """The simulated player of one listener: what plays, since when, from which position."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    track_id: str | None = Field(default=None, max_length=32)
    started_at: dt.datetime | None = None  # wall time at which position `offset_ms` was reached
    offset_ms: int = 0
    is_playing: bool = False
    device_id: str = Field(default="", max_length=64)


class DemoQueueItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True, foreign_key="user.id", ondelete="CASCADE")
    track_id: str = Field(max_length=32)
    added_at: dt.datetime = Field(default_factory=utcnow)
