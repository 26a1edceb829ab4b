"""City and town names for the offline map, chosen by zoom level.

The offline basemap has no tiles, so without labels a map at city zoom is a beige shape:
nobody can tell where a venue is. Each bundled city gets the first zoom at which its name
is drawn (`min_zoom`): cities are taken by population, largest first, and a name is placed
at a zoom only where it does not overlap a name already placed there (in screen pixels of
Web Mercator at that zoom) and not next to a larger place still waiting for room. So a zoomed-out world shows capitals and megacities, and each
step in adds the towns that now have room. The browser (`components/leaflet_bridge.js`,
`PlaceLabels`) draws the names with `min_zoom <= zoom` inside the view, exactly as
`labels_at` does here.

The table is computed once, at build time, by `scripts/build_map_labels.py` from the
SimpleMaps World Cities Database (CC BY 4.0) and shipped as `assets/geo/places.json`:
`[[name, lat, lon, min_zoom], ...]` sorted by `min_zoom`, then population.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_JSON = Path(__file__).resolve().parent.parent / "assets" / "geo" / "places.json"
FIRST_ZOOM = 3  # below this the world map is too small for any name
LAST_ZOOM = 12  # past this every bundled town already has room
LABEL_BOX = (96.0, 22.0)  # a name's room on screen (px): about 12 characters of small text
TILE = 256.0
MAX_DRAWN = 350  # most names drawn at once, so a wide view stays fast


@dataclass(frozen=True, slots=True)
class City:
    """A bundled city before it has a zoom: what the builder reads."""

    name: str
    lat: float
    lon: float
    population: int
    capital: bool = False


@dataclass(frozen=True, slots=True)
class PlaceLabel:
    """A name on the map, drawn from `min_zoom` on."""

    name: str
    lat: float
    lon: float
    min_zoom: int


def to_pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates (Leaflet's default projection) at `zoom`."""
    lat = max(-85.0511, min(85.0511, lat))
    scale = TILE * (2 ** zoom)
    x = (lon + 180.0) / 360.0 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def _priority(city: City) -> tuple[int, int]:
    """Capitals first among equals, then by population (largest first)."""
    return (-city.population - (2_000_000 if city.capital else 0), 0)


def assign_zooms(cities: Iterable[City], first: int = FIRST_ZOOM, last: int = LAST_ZOOM,
                 box: tuple[float, float] = LABEL_BOX) -> list[PlaceLabel]:
    """Each city's first zoom where its name fits (see the module docstring); cities that
    never fit by `last` are left out. A name placed at one zoom keeps its place at every
    zoom after it (distances only grow), so the result is one number per city."""
    ordered = sorted(cities, key=_priority)
    min_zoom: dict[int, int] = {}
    width, height = box
    pixels = [(city.lat, city.lon) for city in ordered]
    for zoom in range(first, last + 1):
        # A name that has no room yet still holds its own spot against smaller places,
        # so a suburb is never named before the city it belongs to.
        grid: dict[tuple[int, int], list[tuple[float, float]]] = {}

        def put(x: float, y: float) -> None:
            grid.setdefault((int(x // width), int(y // height)), []).append((x, y))

        for i in min_zoom:  # names placed at an earlier zoom keep their room first
            put(*to_pixels(*pixels[i], zoom))
        for i, (lat, lon) in enumerate(pixels):
            if i in min_zoom:
                continue
            x, y = to_pixels(lat, lon, zoom)
            cx, cy = int(x // width), int(y // height)
            clash = any(
                abs(px - x) < width and abs(py - y) < height
                for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for px, py in grid.get((cx + dx, cy + dy), ())
            )
            if not clash:
                min_zoom[i] = zoom
            put(x, y)
    labels = [PlaceLabel(c.name, round(c.lat, 3), round(c.lon, 3), min_zoom[i]) for i, c in enumerate(ordered) if i in min_zoom]
    labels.sort(key=lambda label: label.min_zoom)  # stable: population order kept within a zoom
    return labels


def labels_at(labels: Sequence[PlaceLabel], zoom: float, south: float, west: float, north: float, east: float,
              limit: int = MAX_DRAWN) -> list[PlaceLabel]:
    """The names drawn at `zoom` inside the bounds: what the browser shows (largest first)."""
    z = math.floor(zoom)
    shown: list[PlaceLabel] = []
    for label in labels:
        if label.min_zoom > z:
            break  # sorted by min_zoom
        if south <= label.lat <= north and _within_lon(label.lon, west, east):
            shown.append(label)
            if len(shown) >= limit:
                break
    return shown


def _within_lon(lon: float, west: float, east: float) -> bool:
    if east - west >= 360:
        return True
    west_n = (west + 180) % 360 - 180
    east_n = (east + 180) % 360 - 180
    return west_n <= lon <= east_n if west_n <= east_n else (lon >= west_n or lon <= east_n)


def to_json(labels: Sequence[PlaceLabel]) -> str:
    """The shipped form: compact rows, no spaces."""
    return json.dumps([[lab.name, lab.lat, lab.lon, lab.min_zoom] for lab in labels], ensure_ascii=False,
                      separators=(",", ":"))


@lru_cache(maxsize=1)
def bundled_labels(path: Path = PLACES_JSON) -> tuple[PlaceLabel, ...]:
    """The labels the app ships (read once)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return tuple(PlaceLabel(str(r[0]), float(r[1]), float(r[2]), int(r[3])) for r in rows)
