"""What the events page (`/events`) asks of the service layer besides the search itself:
reading its form, the words around a result, the "why go" note, the daily job's news.

The page's state keeps what the person typed as text; everything here turns
that text into a `SearchRequest` (or an `InvalidSearch` naming the field) and a
`SearchResult` into what the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from services import formatting
from services.events.cards import EventCard, WatchedPlace, event_card, genre_options
from services.events.errors import InvalidSearch
from services.events.finder import SearchRequest, SearchResult, radius_limits
from services.events.geo import Unit, from_km, to_km
from services.events.models import SavedPlace
from services.events.tour import TourResult
from services.events.types import Event, Found

SORTS = {"date": "Soonest first", "distance": "Nearest first", "relevance": "Best match"}
DEFAULT_RADIUS = {"km": "50", "mi": "30"}
DEFAULT_DAYS = 90  # a new search looks this far ahead
NO_ARTISTS = "No artists of yours yet: connect Spotify or follow some artists to use “only my artists”."
ANY_GENRE = "any"


def default_dates(today: date) -> tuple[str, str]:
    """The form's first dates (ISO): today and `DEFAULT_DAYS` later."""
    return today.isoformat(), (today + timedelta(days=DEFAULT_DAYS)).isoformat()


def radius_hint(unit: Unit) -> str:
    """The radius a search accepts, e.g. "1–500 km"."""
    low, high = radius_limits(unit)
    return f"{low:g}–{high:g} {unit}"


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


def convert_radius(text: str, unit: Unit, to: Unit) -> str:
    """The radius typed in `unit`, in `to` (the same circle; whole units, at least 1);
    the default radius of `to` when the text is not a number."""
    try:
        return f"{max(1, round(from_km(to_km(_number(text), unit), to))):g}"
    except ValueError:
        return DEFAULT_RADIUS[to]


def _date(text: str, field_name: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidSearch(field_name, "Use a date like 2026-12-31.") from None


@dataclass
class SearchForm:
    """The search form as typed: text where the person types, the choices as picked."""

    place: str = ""
    radius: str = DEFAULT_RADIUS["km"]
    unit: Unit = "km"
    start_date: str = ""
    end_date: str = ""
    genre: str = ANY_GENRE
    only_mine: bool = False
    sort: str = "date"
    here: tuple[float, float] | None = None  # the browser's location, instead of a place
    my_artists: Sequence[str] = field(default_factory=list)
    my_artist_ids: Sequence[str] = field(default_factory=list)

    def request(self) -> SearchRequest:
        """The search to run; `InvalidSearch` names the field that cannot be read
        (ranges and the place are checked by `find_events`)."""
        try:
            radius = _number(self.radius)
        except ValueError:
            raise InvalidSearch("radius", f"Radius must be a number ({radius_hint(self.unit)}).") from None
        req = SearchRequest(
            place="" if self.here else self.place, radius=radius, unit=self.unit,
            start=_date(self.start_date, "start"), end=_date(self.end_date, "end"),
            genre="" if self.genre == ANY_GENRE else self.genre,
            my_artists=list(self.my_artists), my_artist_ids=list(self.my_artist_ids),
            only_my_artists=self.only_mine, sort=self.sort if self.sort in SORTS else "date",  # type: ignore[arg-type]
        )
        if self.here:
            req.lat, req.lon = self.here
        return req


@dataclass(frozen=True)
class Shown:
    """A search result as the page shows it."""

    cards: list[EventCard]  # every hit; those without coordinates are listed, not mapped
    genres: list[str] | None  # the genre filter's options (None: keep the current ones)
    summary: str  # "12 concerts within 50 km of Berlin · 4 Dec – 3 Mar 2027 · 2 with your artists"
    place: str  # the gazetteer's label of the place searched ("" for a location)
    notices: list[str]
    lat: float
    lon: float
    radius_km: float
    mode: str
    found: dict[str, Found]  # by id, to save one or write its note


def show(result: SearchResult, req: SearchRequest) -> Shown:
    """`result` for the page: the located hits as cards, the summary line, the map's circle."""
    found = list(result.found)
    where = result.place.label if result.place else "your location"
    mine = sum(1 for f in found if f.mine)
    summary = (f"{formatting.count(len(found), 'concert')} within {result.radius:g} {result.unit} of {where}"
               f" · {formatting.date_range(result.start, result.end)}"
               + (f" · {mine} with your artists" if mine and not req.only_my_artists else "")
               + _unmapped(found))
    return Shown(
        cards=[event_card(f, result.unit) for f in found],
        genres=None if req.genre else genre_options(result.found),
        summary=summary,
        place=result.place.label if result.place else "",
        notices=list(result.notices),
        lat=result.lat, lon=result.lon, radius_km=result.radius_km,
        mode=result.mode,
        found={f.event.id: f for f in found},
    )


def _unmapped(found: Sequence[Found]) -> str:
    n = sum(1 for f in found if f.event.venue.lat is None or f.event.venue.lon is None)
    return f" · {n} without a map position (listed only)" if n else ""


def show_tour(tour: TourResult, req: SearchRequest) -> Shown:
    """A "my artists on tour" result for the page: the same list and map, its own summary."""
    result = tour.result
    where = result.place.label if result.place else "your location"
    artists = {a for f in result.found for a in f.event.lineup[:1]}
    who = (f"{formatting.count(len(result.found), 'show')} by {formatting.number(len(artists))} of your artists"
           if result.found else "No shows by your artists")
    summary = (f"{who} within {result.radius:g} {result.unit} of {where} · {formatting.date_range(result.start, result.end)}"
               f" · {formatting.count(tour.artists, 'artist')} checked" + _unmapped(result.found))
    shown = show(result, req)
    return Shown(cards=shown.cards, genres=None, summary=summary, place=shown.place, notices=shown.notices,
                 lat=shown.lat, lon=shown.lon, radius_km=shown.radius_km, mode=shown.mode, found=shown.found)


def watched_places(places: Sequence[SavedPlace]) -> list[WatchedPlace]:
    return [WatchedPlace(str(p.id), p.name, formatting.distance(p.radius_km, digits=0)) for p in places]


def news_text(count: int, names: Sequence[str]) -> str:
    """The daily job's announcement: "3 new concerts for you: A, B, C…" ("" for none)."""
    if count <= 0:
        return ""
    shown = [str(n) for n in names][:3]
    text = f"{formatting.count(count, 'new concert')} for you"
    if shown:
        text += ": " + ", ".join(shown) + ("…" if count > len(shown) else "")
    return text


def why_go(user_id: int, event: Event, distance_km: float | None) -> str:
    """A short "why go" note for one event, written by the Composer (counted as the
    person's AI use; the offline composer writes it without a key)."""
    from services.ai import get_composer
    from services.ai.schemas import EventBrief

    brief = EventBrief(name=event.name, artists=event.lineup[:5], venue=event.venue.name, city=event.venue.city,
                       date=event.local_date.isoformat(), genres=event.genres[:5], distance_km=distance_km)
    answer = get_composer().event_blurb(brief, user_id=user_id)
    return f"{answer.headline}. {answer.blurb}" if answer.headline else answer.blurb
