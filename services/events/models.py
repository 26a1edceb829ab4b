"""Tables of the events area: API quotas, response caches, saved events and places,
and which matches a person has already been told about."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from services.db import utcnow


class ApiQuotaDay(SQLModel, table=True):
    """Requests made to a rate-limited API on one UTC day (Ticketmaster: 5,000/day)."""

    service: str = Field(primary_key=True, max_length=40)
    day: date = Field(primary_key=True)
    used: int = Field(default=0)


class EventCache(SQLModel, table=True):
    """A cached source answer (a query for 15 minutes, an artist's events for 6 hours),
    stored as the JSON of the parsed events."""

    key: str = Field(primary_key=True, max_length=64)  # sha256 of the query
    source: str = Field(max_length=40, index=True)
    description: str = Field(default="", max_length=500)
    payload: str  # JSON list of events
    fetched_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class SavedEvent(SQLModel, table=True):
    """An event a person marked "interested", with a snapshot so it survives the source."""

    __table_args__ = (UniqueConstraint("user_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    event_id: str = Field(max_length=200)
    start: datetime = Field(index=True)
    payload: str  # JSON of the Event
    created_at: datetime = Field(default_factory=utcnow)


class SavedPlace(SQLModel, table=True):
    """A place a person searches often; the daily job looks for new events around it."""

    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    lat: float
    lon: float
    radius_km: float = Field(default=50.0)
    created_at: datetime = Field(default_factory=utcnow)


class EventMatch(SQLModel, table=True):
    """An event the daily job already announced to a person (so only new ones are pushed)."""

    __table_args__ = (UniqueConstraint("user_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    event_id: str = Field(max_length=200)
    reason: str = Field(default="", max_length=200)  # "near Paris" | "Artist Name"
    start: datetime
    found_at: datetime = Field(default_factory=utcnow)


class TourAlert(SQLModel, table=True):
    """One alert about one show for one person, so it is never sent twice: `kind` is
    "new_date" (a followed artist announced a show), "on_sale" (its tickets go on sale), or
    "known" (a show that existed when alerts began for the person: never mailed as new)."""

    __table_args__ = (UniqueConstraint("user_id", "event_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    event_id: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    artist: str = Field(default="", max_length=200)
    start: datetime
    onsale_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None  # None for "known", or while the mail has not gone out
