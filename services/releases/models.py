"""Tables of the release feed: who watches which artists, the releases found,
each person's view of them, their preferences, digest subscriptions (the mail that
went out is in `services.mail.models.Outbox`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from services.db import utcnow


class ReleaseWatch(SQLModel, table=True):
    """A person whose followed artists are scanned, and when they last were. How the
    last scan went for them is a `JobPersonResult` (services.job_results)."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_scan_at: datetime | None = None
    artists_count: int = 0


class FollowedArtist(SQLModel, table=True):
    """The snapshot of a person's watched artists taken by the last scan; `checked_at`
    is when this artist's releases were last read successfully for them, so the next
    scan looks back from there (a failed check never moves it)."""

    __table_args__ = (UniqueConstraint("user_id", "artist_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    artist_id: str = Field(index=True, max_length=100)
    artist_name: str = Field(default="", max_length=300)
    origin: str = Field(default="followed", max_length=20)  # followed | saved
    updated_at: datetime = Field(default_factory=utcnow)
    checked_at: datetime | None = None


class Release(SQLModel, table=True):
    """One release of one artist, all of its editions merged under `edition_key`
    (markets, explicit/clean, deluxe/remastered variants)."""

    __table_args__ = (UniqueConstraint("artist_id", "edition_key"),)

    id: int | None = Field(default=None, primary_key=True)
    artist_id: str = Field(index=True, max_length=100)
    artist_name: str = Field(default="", max_length=300)
    edition_key: str = Field(index=True, max_length=600)
    album_id: str = Field(max_length=100)  # the edition shown
    edition_ids: str = Field(default="", max_length=4000)  # every merged album id, comma-separated
    title: str = Field(max_length=500)
    artists: str = Field(default="", max_length=1000)  # display credit, e.g. "A, B"
    kind: str = Field(default="album", max_length=20)  # album | single | ep | compilation
    album_group: str = Field(default="album", max_length=20)  # album | single | compilation | appears_on
    release_date: date = Field(index=True)
    date_precision: str = Field(default="day", max_length=10)
    total_tracks: int = 0
    image_url: str = Field(default="", max_length=1000)
    thumb_url: str = Field(default="", max_length=1000)
    url: str = Field(default="", max_length=1000)
    is_remix: bool = False
    is_various_artists: bool = False
    source: str = Field(default="spotify", max_length=20)  # spotify | demo: Disconnect deletes what came from Spotify
    first_seen_at: datetime = Field(default_factory=utcnow)


class UserRelease(SQLModel, table=True):
    """A release in one person's feed, with whether they have seen or hidden it."""

    __table_args__ = (UniqueConstraint("user_id", "release_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    release_id: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    found_at: datetime = Field(default_factory=utcnow, index=True)
    seen_at: datetime | None = None
    hidden: bool = False


class ReleasePrefs(SQLModel, table=True):
    """What a person wants in their feed and digests, their time zone (release days and
    "this week" are theirs), and the playlist "Add to playlist" adds to."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    hide_remixes: bool = False
    include_appearances: bool = False  # also compilations and records they appear on
    include_saved_artists: bool = False  # also watch artists with many saved tracks
    saved_min_tracks: int = 3
    time_zone: str = Field(default="UTC", max_length=64)
    playlist_id: str = Field(default="", max_length=100)
    playlist_name: str = Field(default="", max_length=200)
    playlist_source: str = Field(default="", max_length=20)  # the source the playlist lives in
    updated_at: datetime = Field(default_factory=utcnow)


class ArtistMark(SQLModel, table=True):
    """An artist a person pinned as a favourite or blocked."""

    __table_args__ = (UniqueConstraint("user_id", "artist_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    artist_id: str = Field(max_length=100)
    artist_name: str = Field(default="", max_length=300)
    kind: str = Field(max_length=10)  # pinned | blocked
    created_at: datetime = Field(default_factory=utcnow)


class DigestSubscription(SQLModel, table=True):
    """A person's email digest: explicit opt-in, confirmed by a link, on a schedule
    in their own time zone."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    email: str = Field(max_length=254)
    status: str = Field(default="pending", max_length=20)  # pending | active | unsubscribed
    confirmed_at: datetime | None = None
    schedule: str = Field(default="weekly", max_length=10)  # weekly | biweekly | monthly | off
    weekday: int = 4  # Monday=0 .. Sunday=6
    hour: int = 9
    time_zone: str = Field(default="UTC", max_length=64)
    confirm_sent_at: datetime | None = None
    last_sent_at: datetime | None = None
    last_due_at: datetime | None = None  # the last planned moment handled, sent or empty (keeps the cadence)
    next_send_at: datetime | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DigestSent(SQLModel, table=True):
    """A release that went out in a person's digest, so it never goes out twice."""

    __table_args__ = (UniqueConstraint("user_id", "release_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    release_id: int = Field(foreign_key="release.id", ondelete="CASCADE")
    sent_at: datetime = Field(default_factory=utcnow)
