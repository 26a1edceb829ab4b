"""Plain event types shared by every source, the merge, the search and the page."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceName = Literal["ticketmaster", "bandsintown", "demo"]
SOURCE_LABELS: dict[str, str] = {"ticketmaster": "Ticketmaster", "bandsintown": "Bandsintown", "demo": "Demo data"}
SortOrder = Literal["date", "distance", "relevance"]


class Place(BaseModel):
    """A gazetteer city: what a place search resolves to."""

    model_config = ConfigDict(frozen=True)

    name: str
    country: str
    iso2: str
    lat: float
    lon: float
    admin: str = ""
    population: int = 0

    @property
    def label(self) -> str:
        return f"{self.name}, {self.country}"


class Venue(BaseModel):
    name: str
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2 when the source gives it
    region: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    timezone: str | None = None  # IANA name


class TicketLink(BaseModel):
    """Where to buy: one per source (merging keeps them all)."""

    source: str
    url: str
    label: str = "Tickets"
    status: str = ""  # available | sold out | ... as the source says


class PriceRange(BaseModel):
    min: float | None = None
    max: float | None = None
    currency: str = ""


class Performer(BaseModel):
    """Who plays, as the source knows them: its own id ("tm:K8vZ…", "bit:510", a catalog id
    for the demo) and, where the source links one, the artist's Spotify id. Matching a
    followed artist by these ids keeps tribute acts and namesakes out."""

    name: str
    source_id: str = ""
    spotify_id: str = ""


class Event(BaseModel):
    """One concert. `start` is the aware UTC instant; `local_date`/`local_time` are the
    venue's own calendar and clock, which is what the card shows."""

    id: str  # "<source>:<source id>"; a merged event keeps its primary's id
    source: str  # primary source
    sources: list[str] = Field(default_factory=list)
    name: str
    start: datetime
    local_date: date
    local_time: time | None = None
    venue: Venue
    lineup: list[str] = Field(default_factory=list)
    artist_ids: list[str] = Field(default_factory=list)
    url: str = ""
    image: str = ""
    price: PriceRange | None = None
    genres: list[str] = Field(default_factory=list)
    tickets: list[TicketLink] = Field(default_factory=list)
    status: str = ""  # onsale | cancelled | postponed ... when known
    performers: list[Performer] = Field(default_factory=list)
    onsale_at: datetime | None = None  # when public ticket sales open (aware UTC), when the source says

    def model_post_init(self, _context: object) -> None:
        if not self.sources:
            self.sources = [self.source]


class Found(BaseModel):
    """A search hit: the event with its distance from the search centre and a relevance score."""

    event: Event
    distance_km: float | None = None
    score: float = 0.0
    mine: bool = False  # one of the person's artists plays
