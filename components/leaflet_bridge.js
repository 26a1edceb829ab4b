// Small react-leaflet helpers for the events map (components/event_map.py).
// Loaded only in the browser: every export is wrapped as an rx.NoSSRComponent, so
// importing Leaflet here (it touches `window`) never reaches the server prerender.
import { useEffect, useRef } from "react";
import L from "leaflet";
import { useMap } from "react-leaflet";

const BASEMAP_PANE = "sbm-basemap";

// Country outlines from a GeoJSON file in assets/, drawn in a pane *below* the tile
// pane: with no TILE_URL they are the map; with tiles they show through wherever a
// tile cannot be loaded (offline, tile server down).
export function OfflineBasemap({ url, fill = "#e8e4d8", stroke = "#9a9484", sea = "#b9d3e0" }) {
  const map = useMap();
  useEffect(() => {
    if (!map.getPane(BASEMAP_PANE)) {
      const pane = map.createPane(BASEMAP_PANE);
      pane.style.zIndex = "150";
      pane.style.pointerEvents = "none";
    }
    map.getContainer().style.background = sea;
    let layer = null;
    let cancelled = false;
    fetch(url)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        if (cancelled) return;
        layer = L.geoJSON(data, {
          pane: BASEMAP_PANE,
          interactive: false,
          style: { color: stroke, weight: 0.8, fillColor: fill, fillOpacity: 1 },
        }).addTo(map);
      })
      .catch((err) => console.warn("offline basemap could not be loaded", err));
    return () => {
      cancelled = true;
      if (layer) layer.remove();
    };
  }, [map, url]);
  return null;
}

const LABEL_PANE = "sbm-labels";
const MAX_LABELS = 350; // services/map_labels.MAX_DRAWN

// City and town names for the offline map (assets/geo/places.json, built by
// scripts/build_map_labels.py): rows [name, lat, lon, minZoom] sorted by minZoom, so the
// names drawn at a zoom are a prefix of the file, filtered to the view. Same rule as
// services/map_labels.labels_at.
export function PlaceLabels({ url }) {
  const map = useMap();
  useEffect(() => {
    if (!map.getPane(LABEL_PANE)) {
      const pane = map.createPane(LABEL_PANE);
      pane.style.zIndex = "450"; // over the basemap and the radius circle, under markers and popups
      pane.style.pointerEvents = "none";
    }
    const group = L.layerGroup().addTo(map);
    let rows = null;
    let cancelled = false;
    const draw = () => {
      if (!rows) return;
      group.clearLayers();
      const zoom = Math.floor(map.getZoom());
      const bounds = map.getBounds().pad(0.1);
      let drawn = 0;
      for (const [name, lat, lon, minZoom] of rows) {
        if (minZoom > zoom || drawn >= MAX_LABELS) break;
        if (!bounds.contains([lat, lon])) continue;
        const big = minZoom <= Math.max(3, zoom - 3);
        L.marker([lat, lon], {
          pane: LABEL_PANE,
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: big ? "sbm-place-label sbm-place-label-major" : "sbm-place-label",
            html: `<span>${name.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c])}</span>`,
            iconSize: null,
          }),
        }).addTo(group);
        drawn += 1;
      }
      map.getContainer().dataset.placeLabels = String(drawn);
    };
    fetch(url)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        if (cancelled) return;
        rows = data;
        draw();
      })
      .catch((err) => console.warn("place names could not be loaded", err));
    map.on("zoomend moveend", draw);
    return () => {
      cancelled = true;
      map.off("zoomend moveend", draw);
      group.remove();
    };
  }, [map, url]);
  return null;
}

function findMarker(map, eventId) {
  let found = null;
  map.eachLayer((layer) => {
    if (found) return;
    if (typeof layer.getLayers === "function" && typeof layer.zoomToShowLayer === "function") {
      const marker = layer.getLayers().find((m) => m.options && m.options.eventId === eventId);
      if (marker) found = { marker, group: layer };
    } else if (layer.options && layer.options.eventId === eventId && typeof layer.openPopup === "function") {
      found = { marker: layer, group: null };
    }
  });
  return found;
}

// Keeps the map in step with the page: `viewSeq` changes when a search returns (fit
// the searched circle), `focusSeq` when an event is picked in the list (zoom to its
// marker, out of its cluster if need be, and open its popup).
export function MapFocus({ centerLat, centerLon, radiusKm, viewSeq, focusId, focusSeq, onSelect }) {
  const map = useMap();
  const first = useRef(true);
  const circle = useRef(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    // A popup opened (marker clicked, or focused from the list): tell the page which event.
    const opened = (e) => {
      const id = e.popup && e.popup._source && e.popup._source.options && e.popup._source.options.eventId;
      if (id && select.current) select.current(id);
    };
    map.on("popupopen", opened);
    return () => map.off("popupopen", opened);
  }, [map]);

  useEffect(() => () => circle.current && circle.current.remove(), [map]);

  useEffect(() => {
    // The map may mount inside a box that is still being laid out.
    const timer = setTimeout(() => map.invalidateSize(), 50);
    return () => clearTimeout(timer);
  }, [map]);

  useEffect(() => {
    if (!viewSeq || centerLat === null || centerLat === undefined) return;
    const center = L.latLng(centerLat, centerLon);
    if (circle.current) circle.current.remove();
    circle.current = null;
    if (radiusKm && radiusKm > 0) {
      // The searched area, drawn so a result's distance can be read off the map.
      circle.current = L.circle(center, {
        radius: radiusKm * 1000, className: "sbm-radius", interactive: false,
        color: "#6e56cf", weight: 2, dashArray: "6 6", fillColor: "#6e56cf", fillOpacity: 0.06,
      }).addTo(map);
      map.fitBounds(center.toBounds(radiusKm * 2000), { padding: [12, 12], animate: !first.current });
    } else {
      map.setView(center, 11);
    }
    first.current = false;
  }, [map, viewSeq]);

  useEffect(() => {
    if (!focusSeq || !focusId) return;
    let tries = 0;
    let timer = null;
    const open = () => {
      const hit = findMarker(map, focusId);
      if (!hit) {
        if (tries++ < 10) timer = setTimeout(open, 100); // markers are added in a batch after render
        return;
      }
      if (hit.group) {
        hit.group.zoomToShowLayer(hit.marker, () => hit.marker.openPopup());
      } else {
        map.setView(hit.marker.getLatLng(), Math.max(map.getZoom(), 13));
        hit.marker.openPopup();
      }
    };
    open();
    return () => timer && clearTimeout(timer);
  }, [map, focusSeq]);

  return null;
}
