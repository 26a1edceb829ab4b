"""Does the world builder keep its promise? Scenarios of answers a real person would give,
each built offline on the demo catalog through the whole service (seeds, answers,
harvest, engine, texts), checked against what the person asked for.

Per scenario and overall: avoid violations (tracks the person excluded, read straight
from the catalog's genres, flags and audio features, not from the builder's own rules),
share of tracks inside the mood/energy band a person would expect from the answers,
top genre-family share per playlist, distinct playlist pairs, share of description
claims true of the tracks, grammar slips (plus jargon and echoed words), rule violations.
Targets: 0 avoid violations, 0 rule violations, >= 80% in band, >= 50% top-family share,
>= 80% claims true, 0 grammar slips.

    .venv/bin/python bench/world_quality.py [--artists 2100] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-world-quality-")
os.environ.setdefault("APP_ENV", "test")
for _key in ("OPENAI_API_KEY", "SPOTIFY_CLIENT_ID", "DB_URL"):
    os.environ.pop(_key, None)

from bench._world_scenarios import SCENARIOS, Scenario  # noqa: E402

TARGETS = {"avoid": 0, "rules": 0, "in_band": 0.8, "family": 0.5, "claims": 0.8, "grammar": 0}


def setup(artists: int) -> None:
    from services.catalog.generator import seed_catalog
    from services.db import get_engine
    from services.models import metadata

    metadata.create_all(get_engine())
    t = time.perf_counter()
    counts = seed_catalog(artists=artists)
    print(f"demo catalog: {counts['artists']} artists, {counts['tracks']} tracks ({time.perf_counter() - t:.1f} s)")


def make_user(n: int) -> int:
    from services.accounts.models import User
    from services.db import session_scope

    with session_scope() as db:
        user = User(email=f"quality{n}@example.com", display_name=f"Listener {n}", password_hash="-")
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id


def run(s: Scenario, user_id: int) -> dict:
    from bench._world_measures import measure
    from services.catalog.demo import DemoSource
    from services.worlds.builder import build_for_user

    source = DemoSource(user_id)
    choice, avoid_text = s.resolve(source)
    free = dict(s.free_text)
    if avoid_text:
        free["avoid"] = ", ".join(x for x in (free.get("avoid", ""), avoid_text) if x)
    t = time.perf_counter()
    built = build_for_user(user_id, choice, s.answers, free, source=source)
    seconds = time.perf_counter() - t
    return measure(s, built, source, free, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artists", type=int, default=2100, help="demo catalog size (2100 is the full catalog)")
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="print each world's texts")
    args = parser.parse_args()
    setup(args.artists)
    rows = []
    header = (f"{'scenario':34s} {'seeds':10s} {'lists':>5s} {'tracks':>6s} {'avoid':>5s} {'band':>5s} {'fam':>5s} "
              f"{'famMin':>6s} {'dist':>5s} {'claims':>7s} {'gram':>4s} {'jarg':>4s} {'echo':>4s} {'rules':>5s} {'secs':>5s}")
    print(header)
    for i, s in enumerate(SCENARIOS):
        if args.only and args.only not in s.name:
            continue
        r = run(s, make_user(i + 1))
        rows.append(r)
        print(f"{s.name[:34]:34s} {s.seeds[:10]:10s} {r['playlists']:5d} {r['tracks']:6d} {r['avoid']:5d} "
              f"{r['in_band']:5.0%} {r['family']:5.0%} {r['family_min']:6.0%} {r['distinct']:5.0%} "
              f"{r['claims_true']:3d}/{r['claims']:<3d} {r['grammar']:4d} {r['jargon']:4d} {r['echo']:4d} "
              f"{r['rules']:5d} {r['seconds']:5.1f}")
        for note in r["notes"]:
            print(f"{'':36s}note: {note}")
        for problem in r["problems"][:4]:
            print(f"{'':36s}! {problem}")
        if args.verbose:
            print(f"{'':36s}{r['texts']}")
    if not rows:
        return
    total_claims = sum(r["claims"] for r in rows)
    overall = {
        "avoid": sum(r["avoid"] for r in rows),
        "rules": sum(r["rules"] for r in rows),
        "in_band": statistics.mean(r["in_band"] for r in rows),
        "family": statistics.mean(r["family"] for r in rows),
        "claims": sum(r["claims_true"] for r in rows) / max(total_claims, 1),
        "grammar": sum(r["grammar"] for r in rows),
    }
    print(f"\nOverall over {len(rows)} scenarios ({sum(r['playlists'] for r in rows)} playlists, "
          f"{sum(r['tracks'] for r in rows)} tracks):")
    print(f"  avoid violations     {overall['avoid']:>6d}    target 0")
    print(f"  rule violations      {overall['rules']:>6d}    target 0")
    print(f"  in band              {overall['in_band']:>6.1%}    target >= 80% (worst scenario "
          f"{min(r['in_band'] for r in rows):.0%})")
    print(f"  top-family share     {overall['family']:>6.1%}    target >= 50% (worst playlist "
          f"{min(r['family_min'] for r in rows):.0%})")
    print(f"  distinct pairs       {statistics.mean(r['distinct'] for r in rows):>6.1%}")
    print(f"  claims true          {overall['claims']:>6.1%}    target >= 80% ({total_claims} claims)")
    print(f"  grammar slips        {overall['grammar']:>6d}    target 0 (jargon {sum(r['jargon'] for r in rows)}, "
          f"echoed runs {sum(r['echo'] for r in rows)})")
    print(f"  build time           {statistics.median(r['seconds'] for r in rows):>6.2f} s median per world (whole service, "
          "local embeddings)")
    met = (overall["avoid"] == 0 and overall["rules"] == 0 and overall["in_band"] >= TARGETS["in_band"]
           and overall["family"] >= TARGETS["family"] and overall["claims"] >= TARGETS["claims"]
           and overall["grammar"] == 0)
    print(f"  targets: {'MET' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
