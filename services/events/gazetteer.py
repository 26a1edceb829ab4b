"""Offline place search over the shipped world-cities table (SimpleMaps, CC BY 4.0).

"Paris", "paris, fr", "Paris, France" and "Sao Paulo" / "São Paulo" all resolve; an
ambiguous name picks the most populous match; unknown names get suggestions.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.events.types import Place

CITIES_CSV = Path(__file__).resolve().parent / "geodata" / "cities.csv"
ATTRIBUTION = "City data: simplemaps.com/data/world-cities"

_COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB", "britain": "GB",
    "holland": "NL", "the netherlands": "NL", "korea": "KR", "south korea": "KR", "russia": "RU",
    "czech republic": "CZ", "uae": "AE", "turkey": "TR",
}
_CITY_ALIASES = {
    "nyc": "new york", "new york city": "new york", "la": "los angeles", "sf": "san francisco",
    "cdmx": "mexico city", "koln": "cologne", "munchen": "munich", "wien": "vienna", "praha": "prague",
    "roma": "rome", "milano": "milan", "napoli": "naples", "firenze": "florence", "lisboa": "lisbon",
    "warszawa": "warsaw", "bruxelles": "brussels", "brussel": "brussels", "kobenhavn": "copenhagen",
    "den haag": "the hague", "moskva": "moscow", "sevilla": "seville", "geneve": "geneva",
}


def normalize(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d").lower()
    plain = re.sub(r"\bst\.?\s", "saint ", plain)
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


@dataclass(frozen=True)
class _Index:
    by_name: dict[str, list[Place]]
    countries: dict[str, str]  # normalized country name / iso2 / iso3 -> iso2
    names: list[str]


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_name: dict[str, list[Place]] = {}
    countries: dict[str, str] = {}
    with CITIES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            place = Place(
                name=row["city"], country=row["country"], iso2=row["iso2"], lat=float(row["lat"]),
                lon=float(row["lng"]), admin=row["admin_name"], population=int(row["population"] or 0),
            )
            for key in {normalize(row["city"]), normalize(row["city_ascii"])}:
                by_name.setdefault(key, []).append(place)
            countries[normalize(row["country"])] = row["iso2"]
            countries[row["iso2"].lower()] = row["iso2"]
            countries[row["iso3"].lower()] = row["iso2"]
    countries.update({k: v for k, v in _COUNTRY_ALIASES.items()})
    for places in by_name.values():
        places.sort(key=lambda p: -p.population)
    return _Index(by_name, countries, sorted(by_name))


def _split(query: str) -> tuple[str, str | None, str | None]:
    """(city, qualifier-as-iso2 or None, raw qualifier) from "City, Country" or "City, Region"."""
    parts = [p for p in (normalize(x) for x in query.split(",")) if p]
    if not parts:
        return "", None, None
    city = _CITY_ALIASES.get(parts[0], parts[0])
    if len(parts) == 1:
        return city, None, None
    qualifier = parts[-1]
    return city, _index().countries.get(qualifier), qualifier


def find_place(query: str) -> Place | None:
    """The city a person means, or None. A country or region after a comma narrows the choice."""
    city, iso2, qualifier = _split(query or "")
    if not city:
        return None
    candidates = _index().by_name.get(city, [])
    if qualifier is not None:
        if iso2 is not None:
            narrowed = [p for p in candidates if p.iso2 == iso2]
        else:  # maybe a region / state: "Portland, Oregon"
            narrowed = [p for p in candidates if normalize(p.admin) == qualifier or normalize(p.admin).startswith(qualifier)]
        candidates = narrowed
    return candidates[0] if candidates else None


def suggest_places(query: str, limit: int = 5) -> list[str]:
    """Close city names ("City, Country"), most populous first, for an unknown or partial query."""
    city, iso2, _ = _split(query or "")
    if not city:
        return []
    index = _index()
    names = [n for n in index.names if n.startswith(city)][: limit * 4]
    names += [n for n in difflib.get_close_matches(city, index.names, n=limit * 2, cutoff=0.75) if n not in names]
    places = [p for n in names for p in index.by_name[n][:2] if iso2 is None or p.iso2 == iso2]
    seen: list[str] = []
    for place in sorted(places, key=lambda p: -p.population):
        if place.label not in seen:
            seen.append(place.label)
    return seen[:limit]


def place_count() -> int:
    """How many distinct cities the gazetteer knows."""
    return len({(p.name, p.iso2, p.lat) for places in _index().by_name.values() for p in places})
