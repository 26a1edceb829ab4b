"""The demo events' promise: whatever the date, a person searching any demo city for any
major genre within 400 km finds concerts in every 30-day window of the 180-day range."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

import pytest

from services.events.demo import CYCLE_DAYS, DemoEventSource, major_genres
from services.events.demo_venues import CITIES
from services.events.gazetteer import find_place
from services.events.geo import haversine_km
from services.events.search import matches_genre
from services.events.types import Event
from services.db import utcnow  # the project's clock (frozen by time-machine in tests)

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]

GENRES = ("indie rock", "techno", "jazz", "hip hop", "folk", "synthpop")
# A lopsided list: six major genres and one genre too rare to promise anything for.
ARTISTS = [(f"art{i}", f"Artist Number {i}", (GENRES[i % len(GENRES)],)) for i in range(396)]
ARTISTS += [(f"rare{i}", f"Rare Artist {i}", ("sea shanty",)) for i in range(4)]
WINDOW_DAYS = 30
RADIUS_KM = 400


def _near(events: list[Event], lat: float, lon: float) -> list[Event]:
    return [e for e in events if haversine_km(lat, lon, e.venue.lat, e.venue.lon) <= RADIUS_KM]


def _days(events: list[Event], genre: str) -> list[date]:
    return sorted({e.local_date for e in events if matches_genre(e, genre)})


def test_every_city_and_major_genre_has_events_in_every_30_day_window() -> None:
    events = DemoEventSource(artists=lambda: ARTISTS).events()
    today = utcnow().date()
    genres = list(major_genres(tuple(ARTISTS)))
    assert sorted(genres) == sorted(GENRES)  # the rare genre is not major
    empty: list[str] = []
    for city in CITIES:
        place = find_place(f"{city.city}, {city.country}")
        assert place is not None, city.city
        near = _near(events, place.lat, place.lon)
        for genre in genres:
            days = _days(near, genre)
            # Windows start tomorrow (today's shows may be over) and end inside the range.
            for offset in range(1, CYCLE_DAYS - WINDOW_DAYS + 1):
                start = today + timedelta(days=offset)
                i = bisect_left(days, start)
                if i == len(days) or days[i] > start + timedelta(days=WINDOW_DAYS - 1):
                    empty.append(f"{city.city}/{genre} from {start}")
    assert not empty, f"{len(empty)} empty windows, e.g. {empty[:5]}"


def test_nights_keep_their_id_and_date_from_one_day_to_the_next() -> None:
    today = utcnow().date()
    first = DemoEventSource(artists=lambda: ARTISTS, today=lambda: today)._calendar().events
    later = DemoEventSource(artists=lambda: ARTISTS, today=lambda: today + timedelta(days=3))._calendar().events
    nights = {e.id: (e.local_date, e.venue.name, e.lineup[0]) for e in first if e.id.startswith("demo:night:")}
    shared = [e for e in later if e.id in nights]
    assert len(shared) > 0.9 * len(nights) * (CYCLE_DAYS - 3) / CYCLE_DAYS
    assert all(nights[e.id] == (e.local_date, e.venue.name, e.lineup[0]) for e in shared)
