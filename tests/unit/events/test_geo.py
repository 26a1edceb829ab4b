"""Distances and radius: what "within 30 km / 20 miles" means."""

from __future__ import annotations

import pytest

from services.events.geo import haversine_km, to_km
from services.events.search import Filters, select_events
from tests.unit.events.helpers import make_event


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.8566, 2.3522), (51.5072, -0.1275), 343.5),  # Paris - London
        ((40.7128, -74.0060), (34.0522, -118.2437), 3935.7),  # New York - Los Angeles
        ((-33.8688, 151.2093), (-33.8688, 151.2093), 0.0),
    ],
)
def test_haversine_matches_known_city_distances(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=1.5)


def test_miles_and_kilometres() -> None:
    assert to_km(10, "mi") == pytest.approx(16.0934, abs=1e-3)
    assert to_km(10, "km") == 10


def test_radius_keeps_events_inside_and_drops_those_outside() -> None:
    centre = (52.3676, 4.9041)  # Amsterdam centre
    near = make_event("demo", "near", lat=52.3622, lon=4.8838)  # ~1.5 km
    haarlem = make_event("demo", "haarlem", lat=52.3874, lon=4.6462, venue="Patronaat")  # ~17.6 km
    utrecht = make_event("demo", "utrecht", lat=52.0907, lon=5.1214, venue="TivoliVredenburg")  # ~34.7 km
    events = [near, haarlem, utrecht]

    def ids(radius_km: float) -> list[str]:
        return [f.event.id for f in select_events(events, Filters(lat=centre[0], lon=centre[1], radius_km=radius_km))]

    assert ids(5) == ["demo:near"]
    assert ids(20) == ["demo:near", "demo:haarlem"]
    assert ids(to_km(25, "mi")) == ["demo:near", "demo:haarlem", "demo:utrecht"]
    hit = select_events(events, Filters(lat=centre[0], lon=centre[1], radius_km=20))[1]
    assert hit.distance_km == pytest.approx(haversine_km(*centre, 52.3874, 4.6462))


def test_radius_search_works_across_the_antimeridian() -> None:
    fiji = make_event("demo", "fiji", lat=-17.8, lon=179.9, tz="Pacific/Fiji")
    across = Filters(lat=-17.8, lon=-179.9, radius_km=50)  # ~21 km away, on the other side of 180°
    assert [f.event.id for f in select_events([fiji], across)] == ["demo:fiji"]


def test_an_event_without_coordinates_is_not_claimed_to_be_near() -> None:
    unknown = make_event("bandsintown", "x", lat=None, lon=None)
    assert select_events([unknown], Filters(lat=52.37, lon=4.90, radius_km=50)) == []
