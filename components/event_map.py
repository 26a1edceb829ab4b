"""The events map: react-leaflet wrapped as Reflex components.

Every wrapper is an `rx.NoSSRComponent`: Leaflet touches `window` when it is imported,
and a plain `rx.Component` breaks the production prerender of every route ("window is
not defined"). Markers are clustered with `react-leaflet-cluster`; each marker's popup
holds the event card (styled for dark mode and phone width in `assets/app.css`). Without
`TILE_URL` the map is drawn from country outlines in `assets/geo/countries.geo.json` with
city and town names by zoom from `assets/geo/places.json`; with tiles, the outlines stay
underneath and show wherever a tile cannot be fetched. The searched radius is a circle.

`events_map(...)` takes Vars only and knows no service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.components.component import NoSSRComponent

LEAFLET = "leaflet@1.9.4"
REACT_LEAFLET = "react-leaflet@5.0.0"
CLUSTER = "react-leaflet-cluster@4.1.3"

_BRIDGE = rx.asset("leaflet_bridge.js", shared=True)
_ICON = rx.asset("leaflet/marker-icon.png")
_ICON_2X = rx.asset("leaflet/marker-icon-2x.png")
_SHADOW = rx.asset("leaflet/marker-shadow.png")
COUNTRIES_URL = rx.asset("geo/countries.geo.json")
PLACES_URL = rx.asset("geo/places.json")
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


class _ReactLeaflet(NoSSRComponent):
    library = REACT_LEAFLET
    lib_dependencies: list[str] = [LEAFLET]


class MapContainer(_ReactLeaflet):
    """The Leaflet map. `center` and `zoom` only set the first view; `MapFocus` moves it later."""

    tag = "MapContainer"
    center: rx.Var[list[float]]
    zoom: rx.Var[int]
    min_zoom: rx.Var[int]
    max_zoom: rx.Var[int]  # marker clustering needs it, and the offline basemap sets none
    scroll_wheel_zoom: rx.Var[bool]
    world_copy_jump: rx.Var[bool]

    def add_imports(self) -> dict[str, Any]:
        return {"": ["leaflet/dist/leaflet.css"]}

    def add_custom_code(self) -> list[str]:
        # Vite renames Leaflet's own marker images, so point the default icon at the
        # copies in assets/leaflet/. Leaflet is imported lazily: only in the browser.
        return [
            f"""if (typeof window !== "undefined") {{
  import("leaflet").then((mod) => {{
    const L = mod.default ?? mod;
    delete L.Icon.Default.prototype._getIconUrl;
    L.Icon.Default.mergeOptions({{ iconUrl: "{_ICON}", iconRetinaUrl: "{_ICON_2X}", shadowUrl: "{_SHADOW}" }});
  }});
}}"""
        ]


class TileLayer(_ReactLeaflet):
    tag = "TileLayer"
    url: rx.Var[str]
    attribution: rx.Var[str]
    max_zoom: rx.Var[int]


class Marker(_ReactLeaflet):
    """One event. `event_id` lands in the Leaflet marker's options so the list can find it."""

    tag = "Marker"
    position: rx.Var[list[float]]
    title: rx.Var[str]
    alt: rx.Var[str]
    event_id: rx.Var[str]
    z_index_offset: rx.Var[int]
    opacity: rx.Var[float]


class Popup(_ReactLeaflet):
    tag = "Popup"
    max_width: rx.Var[int]
    min_width: rx.Var[int]
    auto_pan: rx.Var[bool]


class MarkerClusterGroup(NoSSRComponent):
    """Groups nearby markers into counted circles that split as you zoom in."""

    library = CLUSTER
    tag = "MarkerClusterGroup"
    is_default = True
    lib_dependencies: list[str] = [LEAFLET, REACT_LEAFLET]
    chunked_loading: rx.Var[bool]
    show_coverage_on_hover: rx.Var[bool]
    max_cluster_radius: rx.Var[int]
    spiderfy_on_max_zoom: rx.Var[bool]

    def add_imports(self) -> dict[str, Any]:
        return {"": ["react-leaflet-cluster/dist/assets/MarkerCluster.css",
                     "react-leaflet-cluster/dist/assets/MarkerCluster.Default.css"]}


class _Bridge(NoSSRComponent):
    library = _BRIDGE.importable_path
    lib_dependencies: list[str] = [LEAFLET, REACT_LEAFLET]


class OfflineBasemap(_Bridge):
    """Country outlines (GeoJSON) under the tiles, or alone when there are none."""

    tag = "OfflineBasemap"
    url: rx.Var[str]


class PlaceLabels(_Bridge):
    """City and town names by zoom (`services/map_labels.py`), drawn only without tiles."""

    tag = "PlaceLabels"
    url: rx.Var[str]


class MapFocus(_Bridge):
    """Draws and fits the searched circle when `view_seq` changes; opens `focus_id`'s popup when `focus_seq` changes."""

    tag = "MapFocus"
    center_lat: rx.Var[float]
    center_lon: rx.Var[float]
    radius_km: rx.Var[float]
    view_seq: rx.Var[int]
    focus_id: rx.Var[str]
    focus_seq: rx.Var[int]
    on_select: rx.EventHandler[lambda event_id: [event_id]]  # a marker's popup opened


def events_map(
    events: rx.Var,
    popup: Callable[[rx.Var], rx.Component],
    *,
    tile_url: rx.Var[str],
    center_lat: rx.Var[float],
    center_lon: rx.Var[float],
    radius_km: rx.Var[float],
    view_seq: rx.Var[int],
    focus_id: rx.Var[str],
    focus_seq: rx.Var[int],
    on_select: Any = None,
    height: Any = "560px",
) -> rx.Component:
    """The map with one clustered marker per located event; `popup(event)` renders a popup's body."""
    return rx.box(
        MapContainer.create(
            OfflineBasemap.create(url=COUNTRIES_URL),
            rx.cond(
                tile_url != "",
                TileLayer.create(url=tile_url, attribution=OSM_ATTRIBUTION, max_zoom=19),
                PlaceLabels.create(url=PLACES_URL),
            ),
            MarkerClusterGroup.create(
                rx.foreach(
                    events,
                    lambda ev: rx.cond(ev.located, Marker.create(
                        Popup.create(popup(ev), max_width=300, min_width=220),
                        key=ev.id,
                        # The event's own array, not a new literal: react-leaflet moves a marker
                        # whenever `position` changes identity, which collapses a spiderfied
                        # cluster and closes the open popup on every unrelated state update.
                        position=ev.position,
                        title=ev.name,
                        alt=ev.name,
                        event_id=ev.id,
                        z_index_offset=rx.cond(ev.mine, 500, 0),
                    ), rx.fragment()),  # an event without coordinates is listed, never put at 0°, 0°
                ),
                chunked_loading=True,
                show_coverage_on_hover=False,
                max_cluster_radius=45,
            ),
            MapFocus.create(
                center_lat=center_lat, center_lon=center_lon, radius_km=radius_km, view_seq=view_seq,
                focus_id=focus_id, focus_seq=focus_seq, **({"on_select": on_select} if on_select is not None else {}),
            ),
            center=[30.0, 10.0],
            zoom=2,
            min_zoom=2,
            max_zoom=18,
            scroll_wheel_zoom=True,
            world_copy_jump=True,
            style={"height": "100%", "width": "100%"},
        ),
        height=height,
        width="100%",
        border_radius="var(--radius-4)",
        overflow="hidden",
        border=f"1px solid {rx.color('gray', 5)}",
        position="relative",
        z_index="0",  # keep Leaflet's panes under the app's menus and dialogs
        data_testid="events-map",
    )
