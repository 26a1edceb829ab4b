"""Rebuild `assets/geo/places.json`, the offline map's city and town names by zoom
(`services/map_labels.py`). Not run by the app, the tests or `make`.

    python scripts/build_map_labels.py PATH/TO/worldcities.csv [--min-population 10000]

The input is the SimpleMaps World Cities Database, Basic edition (CC BY 4.0; keep the
attribution "City data: simplemaps.com/data/world-cities" on the events page). Cities of
at least `--min-population` people and every capital are kept; the copy we received had
" City" mangled into "model.City" in some names, restored here. About 3 s.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.map_labels import PLACES_JSON, City, assign_zooms, to_json  # noqa: E402


def read_cities(path: Path, min_population: int) -> list[City]:
    cities: list[City] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            population = int(float(row["population"] or 0))
            capital = row["capital"] == "primary"
            if population < min_population and not capital:
                continue
            name = row["city"].replace("model.City", "City").replace("model.", "")
            cities.append(City(name, float(row["lat"]), float(row["lng"]), population, capital))
    return cities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--min-population", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=PLACES_JSON)
    args = parser.parse_args()
    labels = assign_zooms(read_cities(args.csv, args.min_population))
    args.out.write_text(to_json(labels), encoding="utf-8")
    print(f"{len(labels)} names, {args.out.stat().st_size / 1024:.0f} KB -> {args.out}")


if __name__ == "__main__":
    main()
