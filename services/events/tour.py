"""My artists on tour: every upcoming show of every one of the person's artists within a
chosen distance of a chosen place (or the browser's location), in one list and map.

Each artist is asked of every source that searches by artist (Ticketmaster by keyword,
Bandsintown by name, the demo source offline), the answers are merged, and only shows
`artist_match` ties to a followed artist are kept: tribute acts and namesakes are left out
and counted. Shows whose venue has no coordinates are listed (their distance unknown) when
their city is the searched place, never mapped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from services import formatting
from services.events.artist_match import FollowedArtist, split
from services.events.errors import InvalidSearch
from services.events.finder import SearchRequest, SearchResult, _window, ask_sources, validate
from services.events.gazetteer import normalize
from services.events.geo import haversine_km
from services.events.merge import merge_events
from services.events.source import EventSource
from services.events.sources import get_sources
from services.events.types import Event, Found


MAX_TOUR_ARTISTS = 25  # artists asked per search: 25 × (Ticketmaster + Bandsintown) calls at most
LEFT_OUT_WORDS = {"tribute": "tribute or cover act", "namesake": "namesake"}


@dataclass
class TourResult:
    """A tour search: the result the page shows plus what was left out and what it cost."""

    result: SearchResult
    artists: int  # artists asked
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> shows
    calls: dict[str, int] = field(default_factory=dict)  # source -> artist lookups this search
    by: dict[str, int] = field(default_factory=dict)  # how shows were matched: id | spotify | name


def followed(names: Sequence[str], ids: Sequence[str], limit: int = MAX_TOUR_ARTISTS) -> list[FollowedArtist]:
    """The person's artists as `FollowedArtist`s (names and catalog ids, most important first)."""
    return [FollowedArtist.of(n, i) for n, i in list(zip(names, ids, strict=False))[:limit] if n.strip()]


def gather(artists: Sequence[FollowedArtist], sources: Sequence[EventSource], start: date, end: date,
           calls: Counter[str]) -> tuple[list[Event], list[str]]:
    """Every show the artist-searching sources list for the artists (merged), and notices
    for sources that failed while another answered."""
    first, last = _window(start, end)
    notices: list[str] = []

    def shows(source: EventSource) -> Iterator[Event]:
        for artist in artists:
            calls[source.name] += 1
            yield from source.artist_events(artist.name, first, last)

    def ask(source: EventSource) -> Iterator[Event] | None:
        return shows(source) if source.by_artist else None

    gathered = ask_sources(sources, ask, notices)
    return merge_events(gathered), notices


def tour_near(req: SearchRequest, artists: Sequence[FollowedArtist], sources: list[EventSource] | None = None,
              today: date | None = None) -> TourResult:
    """See the module docstring. Raises `InvalidSearch` / `UnknownPlace` for the form, like a search."""
    if not artists:
        raise InvalidSearch("only_my_artists", "No artists of yours yet: connect Spotify or follow some artists first.")
    place, lat, lon, radius_km, start, end, today = validate(req, today)
    sources = sources if sources is not None else get_sources()
    calls: Counter[str] = Counter()
    events, notices = gather(artists, sources, start, end, calls)
    kept, left_out = split(artists, events)
    here = normalize(place.name) if place else ""
    found: list[Found] = []
    by: Counter[str] = Counter()
    for event, _artist, how in kept:
        if not start <= event.local_date <= end:
            continue
        v = event.venue
        if v.lat is not None and v.lon is not None:
            distance = haversine_km(lat, lon, v.lat, v.lon)
            if distance > radius_km:
                continue
        elif here and normalize(v.city) == here:
            distance = None
        else:
            continue
        by[how] += 1
        found.append(Found(event=event, distance_km=distance, mine=True, score=1.0))
    found.sort(key=lambda f: (f.event.start, f.distance_km or 0.0))
    if left_out:
        parts = [formatting.count(n, LEFT_OUT_WORDS.get(k, k)) for k, n in sorted(left_out.items())]
        notices.append("Left out: " + " and ".join(parts) + " (same name, not your artist).")
    mode = "demo" if all(s.name == "demo" for s in sources) else "live"
    result = SearchResult(found=found[: req.limit], place=place, lat=lat, lon=lon, radius_km=radius_km, unit=req.unit,
                          start=start, end=end, mode=mode, sources=[s.name for s in sources if s.by_artist],
                          notices=notices)
    return TourResult(result=result, artists=len(artists), left_out=dict(left_out), calls=dict(calls), by=dict(by))
