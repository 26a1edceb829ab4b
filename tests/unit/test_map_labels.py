"""City and town names on the offline map, by zoom (`services/map_labels.py`)."""

from __future__ import annotations

import itertools

from services.events.demo_venues import CITIES
from services.events.gazetteer import normalize
from services.map_labels import (
    LABEL_BOX,
    City,
    assign_zooms,
    bundled_labels,
    labels_at,
    to_pixels,
)

WORLD = (-85.0, -180.0, 85.0, 180.0)
BERLIN_AREA = (52.2, 12.8, 52.8, 14.0)  # about what a phone shows at zoom 9-10


def _names(zoom: float, bounds: tuple[float, float, float, float]) -> set[str]:
    return {lab.name for lab in labels_at(bundled_labels(), zoom, *bounds, limit=10_000)}


def test_zoomed_out_world_shows_megacities_not_towns():
    names = _names(3, WORLD)
    assert {"Tokyo", "Mexico City", "Lagos"} <= names
    assert "Potsdam" not in names and "Oranienburg" not in names
    assert len(names) < 400  # a world map with a handful of names, not a cloud


def test_city_zoom_adds_towns_around_the_city():
    assert "Potsdam" not in _names(5, BERLIN_AREA)
    near = _names(10, BERLIN_AREA)
    assert {"Berlin", "Potsdam", "Oranienburg"} <= near
    assert len(near) >= 10


def test_every_demo_city_is_named_at_city_zoom():
    for city in CITIES:
        lat, lon = city.venues[0].lat, city.venues[0].lon
        names = _names(9, (lat - 0.5, lon - 0.8, lat + 0.5, lon + 0.8))
        assert any(normalize(city.city).split()[0] in normalize(n) for n in names), city.city


def test_no_two_names_overlap_at_any_zoom():
    labels = bundled_labels()
    for zoom, bounds in [(4, (35.0, -10.0, 60.0, 30.0)), (8, (50.0, 5.0, 54.0, 15.0)), (11, BERLIN_AREA)]:
        shown = labels_at(labels, zoom, *bounds, limit=10_000)
        points = [to_pixels(lab.lat, lab.lon, zoom) for lab in shown]
        for (ax, ay), (bx, by) in itertools.combinations(points, 2):
            assert abs(ax - bx) >= LABEL_BOX[0] or abs(ay - by) >= LABEL_BOX[1] - 0.01


def test_bigger_city_wins_the_room_and_the_smaller_waits():
    big = City("Big", 50.0, 10.0, 1_000_000)
    small = City("Small", 50.05, 10.05, 20_000)
    far = City("Far", -30.0, 100.0, 15_000)
    zooms = {lab.name: lab.min_zoom for lab in assign_zooms([small, big, far])}
    assert zooms["Big"] == 3 and zooms["Far"] == 3
    assert zooms["Small"] > 3  # drawn only once the two names no longer overlap
    assert to_pixels(50.0, 10.0, zooms["Small"])[0] - to_pixels(50.05, 10.05, zooms["Small"])[0] != 0


def test_view_across_the_date_line():
    labels = assign_zooms([City("Suva", -18.1, 178.4, 90_000), City("Apia", -13.8, -171.8, 40_000),
                           City("Lima", -12.0, -77.0, 9_000_000)])
    names = {lab.name for lab in labels_at(labels, 6, -25.0, 170.0, -10.0, 190.0)}
    assert names == {"Suva", "Apia"}


def test_drawn_names_are_capped_for_a_fast_map():
    assert len(labels_at(bundled_labels(), 12, *WORLD)) == 350
