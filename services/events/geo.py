"""Great-circle distances and radius units: the arithmetic behind "near me"."""

from __future__ import annotations

import math
from typing import Literal

Unit = Literal["km", "mi"]
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
RADIUS_LIMITS_KM = (1.0, 500.0)  # what a search may ask for, in kilometres


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres between two points on the (mean-radius) Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def to_km(value: float, unit: Unit) -> float:
    """A radius in the person's unit, in kilometres."""
    return value * KM_PER_MILE if unit == "mi" else value


def from_km(km: float, unit: Unit) -> float:
    """Kilometres in the person's unit."""
    return km / KM_PER_MILE if unit == "mi" else km


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle: a cheap pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    coslat = math.cos(math.radians(lat))
    dlon = 180.0 if coslat < 1e-6 else min(180.0, dlat / coslat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def valid_coordinates(lat: float | None, lon: float | None) -> bool:
    """True for a real point on Earth (rejects None, NaN, out of range and the 0,0 placeholder)."""
    if lat is None or lon is None or math.isnan(lat) or math.isnan(lon):
        return False
    if lat == 0.0 and lon == 0.0:
        return False
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
