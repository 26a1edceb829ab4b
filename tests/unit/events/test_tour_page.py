"""The words and cards of "my artists on tour", and events without coordinates: listed with
their reason, never put on the map (`services/events/page.py`, `services/events/tour.py`)."""

from __future__ import annotations

from datetime import date

import pytest

from services.events.artist_match import FollowedArtist
from services.events.errors import InvalidSearch
from services.events.finder import SearchRequest
from services.events.page import show_tour
from services.events.tour import tour_near
from services.events.types import Performer
from tests.unit.events.helpers import make_event

TODAY = date(2030, 6, 1)


class OneSource:
    """An artist-searching source answering from a fixed list."""

    name, by_place, by_artist = "bandsintown", False, True

    def __init__(self, events: list) -> None:
        self.events, self.asked = events, []

    def search(self, query: object) -> list:
        return []

    def artist_events(self, artist: str, start: object = None, end: object = None) -> list:
        self.asked.append(artist)
        return list(self.events)


def _show(ident: str, *, lat: float | None, lon: float | None, city: str, name: str = "Nova",
          day: date = date(2030, 6, 14)) -> object:
    event = make_event(source="bandsintown", ident=ident, lineup=(name,), lat=lat, lon=lon, city=city, day=day)
    return event.model_copy(update={"performers": [Performer(name=name, source_id="bit:77")]})


def test_unlocated_shows_in_the_searched_city_are_listed_not_mapped() -> None:
    source = OneSource([
        _show("1", lat=52.3622, lon=4.8838, city="Amsterdam"),
        _show("2", lat=None, lon=None, city="Amsterdam", day=date(2030, 6, 15)),  # no coordinates, in the searched city
        _show("3", lat=None, lon=None, city="Lima"),  # no coordinates, elsewhere: cannot be placed
        _show("4", lat=52.37, lon=4.89, city="Amsterdam", name="Nova Tribute Band"),
    ])
    req = SearchRequest(place="Amsterdam", radius=25, start=TODAY, end=date(2030, 7, 1))
    tour = tour_near(req, [FollowedArtist.of("Nova", "demo-artist-1")], [source], today=TODAY)
    shown = show_tour(tour, req)
    assert [c.located for c in shown.cards] == [True, False]
    assert shown.summary.startswith("2 shows by 1 of your artists within 25 km of Amsterdam, Netherlands")
    assert "1 artist checked" in shown.summary and "1 without a map position (listed only)" in shown.summary
    assert tour.left_out == {"tribute": 1} and source.asked == ["Nova"]


def test_nothing_found_and_no_artists_say_so() -> None:
    req = SearchRequest(place="Amsterdam", radius=25, start=TODAY, end=date(2030, 7, 1))
    tour = tour_near(req, [FollowedArtist.of("Nova", "x")], [OneSource([])], today=TODAY)
    assert show_tour(tour, req).summary.startswith("No shows by your artists within 25 km")
    with pytest.raises(InvalidSearch) as refused:
        tour_near(req, [], [OneSource([])], today=TODAY)
    assert refused.value.field == "only_my_artists"


@pytest.mark.parametrize(("radius", "field"), [(0, "radius"), (10_000, "radius")])
def test_radius_out_of_range_is_refused(radius: float, field: str) -> None:
    req = SearchRequest(place="Amsterdam", radius=radius, start=TODAY, end=date(2030, 7, 1))
    with pytest.raises(InvalidSearch) as refused:
        tour_near(req, [FollowedArtist.of("Nova", "x")], [OneSource([])], today=TODAY)
    assert refused.value.field == field
