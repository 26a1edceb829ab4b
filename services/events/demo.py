"""The offline event source: real venues in 56 real cities, lineups from the demo catalog.

Two kinds of shows, both anchored to an epoch so an event keeps its id and date from one
day to the next (saved events and "new match" alerts stay stable):

- tours: every artist tours on a fixed 180-day cycle, so the next 180 days always hold
  one full cycle of every artist's tour;
- club nights: every demo city hosts a night for each major genre of the lineup source
  (a genre with at least half as many artists as the average genre) once every
  `NIGHT_EVERY_DAYS` days.

The nights make the density guarantee: for every demo city and every major genre, every
window of `NIGHT_EVERY_DAYS` consecutive days inside the 180-day range holds at least one
event of that genre in that city (so within any search radius around it), whatever the date.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from time import monotonic

from services.events.demo_venues import CITIES, DemoCity, DemoVenue
from services.events.geo import haversine_km
from services.events.merge import artist_key
from services.events.search import Filters, rank, select_events
from services.events.source import EventQuery
from services.events.timezones import localize
from services.events.types import Event, Performer, PriceRange, Venue

log = logging.getLogger(__name__)

ArtistRow = tuple[str, str, Sequence[str]]  # (artist id, name, genres)
ArtistProvider = Callable[[], Sequence[ArtistRow]]

EPOCH = date(2024, 1, 1)
CYCLE_DAYS = 180
MIN_EVENTS = 600
NIGHT_EVERY_DAYS = 28  # at most this many days between two nights of a genre in a city
CITY_SPREAD_KM = 60.0  # venues lie within this distance of their city's centre
REGIONS: dict[str, tuple[str, ...]] = {
    "europe": ("GB", "IE", "FR", "BE", "NL", "DE", "DK", "SE", "NO", "FI", "AT", "CZ", "HU", "PL", "CH", "IT", "ES", "PT"),
    "north america": ("US", "CA", "MX"),
    "latin america": ("MX", "BR", "AR", "CL", "CO"),
    "asia pacific": ("JP", "KR", "SG", "IN", "AU", "NZ", "ZA"),
}
CURRENCY = {
    "GB": ("GBP", 1.0), "IE": ("EUR", 1.15), "US": ("USD", 1.25), "CA": ("CAD", 1.6), "MX": ("MXN", 22.0),
    "BR": ("BRL", 6.5), "AR": ("ARS", 1200.0), "CL": ("CLP", 1150.0), "CO": ("COP", 5000.0), "JP": ("JPY", 185.0),
    "KR": ("KRW", 1700.0), "SG": ("SGD", 1.7), "IN": ("INR", 105.0), "AU": ("AUD", 1.9), "NZ": ("NZD", 2.1),
    "ZA": ("ZAR", 23.0), "DK": ("DKK", 8.6), "SE": ("SEK", 13.5), "NO": ("NOK", 13.5), "CZ": ("CZK", 29.0),
    "HU": ("HUF", 460.0), "PL": ("PLN", 5.0), "CH": ("CHF", 1.1),
}
_FALLBACK_ARTISTS: tuple[ArtistRow, ...] = tuple(
    (f"demo-artist-{i}", name, (genre,))
    for i, (name, genre) in enumerate([
        ("Neon Harbor", "synthpop"), ("The Paper Lanterns", "indie rock"), ("Kiko Delmar", "latin pop"),
        ("Velvet Static", "shoegaze"), ("Marrow & Moss", "folk"), ("DJ Solenne", "house"), ("Aurel Quartet", "jazz"),
        ("Low Tide Club", "indie pop"), ("Brass Orbit", "funk"), ("Yuna Sato", "city pop"), ("Hollow Pines", "post-rock"),
        ("MC Arcadia", "hip hop"), ("Sable Rose", "r&b"), ("Iron Meridian", "metal"), ("Copperline", "country"),
        ("Luz Verde", "reggaeton"), ("Polar Drift", "techno"), ("Ada Winter", "singer-songwriter"),
        ("Kingfisher Sound", "reggae"), ("Ghost Orchard", "dream pop"),
    ])
)


def catalog_artists(limit: int = 2500) -> list[ArtistRow]:
    """Artists of the demo catalog (services.catalog), most popular first; empty before it is seeded."""
    try:
        from sqlmodel import col, select

        from services.catalog.models import CatalogArtist
        from services.db import session_scope

        with session_scope() as db:
            rows = db.exec(select(CatalogArtist).order_by(col(CatalogArtist.popularity).desc(), col(CatalogArtist.id)).limit(limit)).all()
            return [(r.id, r.name, tuple(g for g in r.genres.split("|") if g)) for r in rows]
    except Exception:  # catalog not there (yet): the demo source falls back to its own names
        log.info("demo catalog artists unavailable; using the built-in demo lineup", exc_info=True)
        return []


_artist_memo: tuple[float, list[ArtistRow]] | None = None


def default_artists() -> Sequence[ArtistRow]:
    """The demo catalog's artists (re-read every 10 minutes), or a small built-in list
    when the catalog is empty."""
    global _artist_memo
    now = monotonic()
    if _artist_memo is None or now - _artist_memo[0] > 600:
        rows = catalog_artists()
        if not rows:
            return list(_FALLBACK_ARTISTS)  # not memoised: the catalog may be seeded any moment
        _artist_memo = (now, rows)
    return _artist_memo[1]


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


class DemoEventSource:
    """Offline events: ≥ 600 upcoming concerts at real venues, generated deterministically."""

    name = "demo"
    by_place = True
    by_artist = True

    def __init__(self, artists: ArtistProvider | None = None, today: Callable[[], date] | None = None) -> None:
        self._artists = artists or default_artists
        self._today = today or (lambda: datetime.now(timezone.utc).date())

    def _calendar(self) -> _Calendar:
        rows = tuple((str(a), str(n), tuple(g)) for a, n, g in self._artists())
        return _calendar(rows, self._today())

    def events(self) -> list[Event]:
        """Every demo event from today for the next 180 days, sorted by start."""
        now = datetime.now(timezone.utc)
        return [e for e in self._calendar().events if e.start >= now]

    def search(self, query: EventQuery) -> list[Event]:
        f = Filters(lat=query.lat, lon=query.lon, radius_km=query.radius_km, start=query.start, end=query.end,
                    genre=query.genre, keyword=query.keyword)
        now = datetime.now(timezone.utc)
        found = select_events((e for e in self._calendar().near(query.lat, query.lon, query.radius_km) if e.start >= now), f)
        if query.city:
            wanted = artist_key(query.city)
            found = [x for x in found if artist_key(x.event.venue.city) == wanted]
        ordered = rank(found, query.sort, f, datetime.now(timezone.utc))
        return [x.event for x in ordered[: query.limit]]

    def artist_events(self, artist: str, start: datetime | None = None, end: datetime | None = None) -> list[Event]:
        now = datetime.now(timezone.utc)
        return [
            e for e in self._calendar().by_artist(artist)
            if e.start >= now and (start is None or e.start >= start) and (end is None or e.start <= end)
        ]


Artists = tuple[tuple[str, str, tuple[str, ...]], ...]


class _Calendar:
    """One day's demo events, indexed by city and by artist for quick searches."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = tuple(sorted(events, key=lambda e: (e.start, e.id)))
        self._by_city: dict[str, list[Event]] = {}
        self._by_artist: dict[str, list[Event]] = {}
        for e in self.events:
            self._by_city.setdefault(e.venue.city, []).append(e)
            for key in {artist_key(n) for n in e.lineup} | set(e.artist_ids):
                self._by_artist.setdefault(key, []).append(e)

    def near(self, lat: float | None, lon: float | None, radius_km: float | None) -> list[Event]:
        """Events of the cities that can have a venue within the radius (all without one)."""
        if lat is None or lon is None or radius_km is None:
            return list(self.events)
        cities = [c.city for c in CITIES if haversine_km(lat, lon, *_centre(c)) <= radius_km + CITY_SPREAD_KM]
        return sorted((e for c in cities for e in self._by_city.get(c, ())), key=lambda e: (e.start, e.id))

    def by_artist(self, artist: str) -> list[Event]:
        """Events whose lineup names this artist (by normalised name or by id)."""
        found = {id(e): e for key in (artist_key(artist), artist) for e in self._by_artist.get(key, ())}
        return sorted(found.values(), key=lambda e: (e.start, e.id))


@lru_cache(maxsize=None)
def _centre(city: DemoCity) -> tuple[float, float]:
    return (sum(v.lat for v in city.venues) / len(city.venues), sum(v.lon for v in city.venues) / len(city.venues))


def major_genres(artists: Artists) -> dict[str, list[int]]:
    """Each major genre with the indices of the artists it heads: a genre is major when at
    least half as many artists have it first as the average genre does."""
    by_genre: dict[str, list[int]] = {}
    for i, (_, _, genres) in enumerate(artists):
        if genres:
            by_genre.setdefault(genres[0], []).append(i)
    if not by_genre:
        return {}
    floor = len(artists) / len(by_genre) / 2
    return {g: idx for g, idx in sorted(by_genre.items()) if len(idx) >= floor}


@lru_cache(maxsize=2)  # today's and, around midnight, yesterday's (~55 MB each for the full catalog)
def _calendar(artists: Artists, today: date) -> _Calendar:
    taken: set[tuple[str, date]] = set()
    tours = _tours(artists, today, taken)
    return _Calendar(tours + _nights(artists, today, taken))


def _nights(artists: Artists, today: date, taken: set[tuple[str, date]]) -> list[Event]:
    """Every city's night for each major genre, every `NIGHT_EVERY_DAYS` days from the epoch."""
    by_genre = major_genres(artists)
    horizon = today + timedelta(days=CYCLE_DAYS)
    first_slot = (today - EPOCH).days // NIGHT_EVERY_DAYS - 1
    events: list[Event] = []
    for c, city in enumerate(CITIES):
        for genre, members in by_genre.items():
            phase = _h(city.city, genre, "night") % NIGHT_EVERY_DAYS
            for slot in range(first_slot, first_slot + CYCLE_DAYS // NIGHT_EVERY_DAYS + 3):
                day = EPOCH + timedelta(days=slot * NIGHT_EVERY_DAYS + phase)
                if not today <= day < horizon:
                    continue
                h = _h(city.city, genre, slot)
                venue, headliner = _night_booking(city, members, artists, day, c + 7 * slot + h % 5, h, taken)
                taken.add((venue.name + city.city, day))
                taken.add((artists[headliner][0], day))
                artist_id, name, genres = artists[headliner]
                events.append(_event(artists, by_genre, headliner, artist_id, name, genres, city, venue, day,
                                     title=f"{genre.title()} night: {name}", id_=f"demo:night:{city.city}:{genre}:{day.isoformat()}"))
    return events


def _night_booking(city: DemoCity, members: list[int], artists: Artists, day: date, start: int, h: int,
                   taken: set[tuple[str, date]]) -> tuple[DemoVenue, int]:
    """A free club and a free artist of the genre for that night (the first free of each, in a
    rotation that differs per city and night)."""
    clubs = sorted(city.venues, key=lambda v: v.capacity)[: max(1, len(city.venues) // 2 + 1)]
    venue = next((clubs[(h + k) % len(clubs)] for k in range(len(clubs))
                  if (clubs[(h + k) % len(clubs)].name + city.city, day) not in taken), clubs[h % len(clubs)])
    headliner = next((members[(start + k) % len(members)] for k in range(len(members))
                      if (artists[members[(start + k) % len(members)]][0], day) not in taken), members[start % len(members)])
    return venue, headliner


def _tours(artists: Artists, today: date, taken: set[tuple[str, date]]) -> list[Event]:
    """Every artist's tour stops in the 180 days from today (see the module docstring)."""
    if not artists:
        return []
    by_genre: dict[str, list[int]] = {}
    for i, (_, _, genres) in enumerate(artists):
        if genres:
            by_genre.setdefault(genres[0], []).append(i)
    cities_in = {region: [c for c in CITIES if c.country in countries] for region, countries in REGIONS.items()}
    extra = max(0, -(-MIN_EVENTS // len(artists)) - 2)  # more dates each when the list is short
    events: list[Event] = []
    start_day = (today - EPOCH).days
    for rank_, (artist_id, name, genres) in enumerate(artists):
        stops = 1 + _h(artist_id, "stops") % 4 + extra + (4 if rank_ < 100 else 0)
        offset = _h(artist_id, "phase") % CYCLE_DAYS
        for stop in range(stops):
            offset += 1 + _h(artist_id, "gap", stop) % 3
            residue = offset % CYCLE_DAYS
            day_number = start_day + (residue - start_day) % CYCLE_DAYS
            cycle = day_number // CYCLE_DAYS
            region = sorted(REGIONS)[_h(artist_id, cycle, "region") % len(REGIONS)]
            city = cities_in[region][_h(artist_id, cycle, stop, "city") % len(cities_in[region])]
            venue = _pick_venue(city, rank_, len(artists), _h(artist_id, cycle, stop, "venue"))
            day = EPOCH + timedelta(days=day_number)
            while (venue.name + city.city, day) in taken or (artist_id, day) in taken:  # one show per venue / artist per night
                day += timedelta(days=1)
            if (day - today).days >= CYCLE_DAYS:
                continue
            taken.add((venue.name + city.city, day))
            taken.add((artist_id, day))
            events.append(_event(artists, by_genre, rank_, artist_id, name, genres, city, venue, day))
    return events


@lru_cache(maxsize=None)
def _venue(city: DemoCity, venue: DemoVenue) -> Venue:
    """One shared `Venue` per demo venue (a copy per event would be a third of the memory)."""
    return Venue(name=venue.name, city=city.city, country=city.country, lat=venue.lat, lon=venue.lon, timezone=city.timezone)


def _pick_venue(city: DemoCity, rank_: int, total: int, h: int) -> DemoVenue:
    """Big names play big rooms: the top tenth of the list gets the city's larger venues."""
    by_size = sorted(city.venues, key=lambda v: v.capacity)
    half = max(1, len(by_size) // 2)
    pool = by_size[half:] if rank_ < max(1, total // 10) else by_size[:half] if len(by_size) > 1 else by_size
    return pool[h % len(pool)]


def _event(
    artists: tuple[tuple[str, str, tuple[str, ...]], ...], by_genre: dict[str, list[int]], rank_: int,
    artist_id: str, name: str, genres: tuple[str, ...], city: DemoCity, venue: DemoVenue, day: date,
    title: str = "", id_: str = "",
) -> Event:
    h = _h(artist_id, day.isoformat(), venue.name)
    club = venue.capacity < 1200
    hour, minute = (21 + h % 3, 0) if club else (19 + h % 3, 30 * (h // 3 % 2))
    local_time = time(hour, minute)
    peers = by_genre.get(genres[0], []) if genres else []
    picks = [peers[(h >> (8 * k)) % len(peers)] for k in range(h % 3)] if len(peers) > 1 else []
    support = [artists[i] for i in picks if i != rank_]
    lineup_rows = [(artist_id, name)] + [(a, n) for a, n, _ in support if a != artist_id]
    seen: set[str] = set()
    lineup_rows = [r for r in lineup_rows if not (r[0] in seen or seen.add(r[0]))]  # type: ignore[func-returns-value]
    currency, factor = CURRENCY.get(city.country, ("EUR", 1.15))
    low = (15 + venue.capacity // 800 + h % 20) * factor
    return Event(
        id=id_ or f"demo:{artist_id}:{day.isoformat()}", source="demo",
        name=title or (f"{name} at {venue.name}" if len(lineup_rows) == 1 else f"{name} with {', '.join(n for _, n in lineup_rows[1:])}"),
        start=localize(day, local_time, city.timezone), local_date=day, local_time=local_time,
        venue=_venue(city, venue),
        lineup=[n for _, n in lineup_rows], artist_ids=[a for a, _ in lineup_rows],
        price=PriceRange(min=round(low), max=round(low * (1.8 + (h % 7) / 10)), currency=currency),
        genres=list(genres[:3]), status="onsale", performers=[Performer(name=n, source_id=a) for a, n in lineup_rows],
    )
