"""Maps: which basemap the events map draws under its markers.

The map itself is drawn in the browser (Leaflet); the server only decides where the
tiles come from. `TileServer` uses a tile URL template (`TILE_URL`); the offline
default, `OfflineBasemap`, has none, and the page draws the country outlines shipped
in `assets/geo/countries.geo.json` (also the fallback where tiles fail) with city and
town names by zoom from `assets/geo/places.json` (`services/map_labels.py`).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from services.registry import registry


@runtime_checkable
class Basemap(Protocol):
    name: str
    tile_url: str  # a Leaflet URL template ("https://…/{z}/{x}/{y}.png"); "" = offline outlines


class OfflineBasemap:
    """Country outlines and place names drawn in the browser from files the app ships (no network)."""

    name = "outlines"
    tile_url = ""


class TileServer:
    """Raster tiles from a tile server (`TILE_URL`)."""

    name = "tiles"

    def __init__(self, url: str) -> None:
        self.tile_url = url


def get_basemap() -> Basemap:
    """The registry's basemap: tiles when `TILE_URL` is set, else the offline outlines."""
    basemap: Basemap = registry.get("maps")
    return basemap
