"""Figures of the world builder engine on synthetic catalogs (offline compute only).

For 1,000 and 5,000 candidates and a person's answers (calm, late night, avoid hip hop):
time of each step and in total (profile, rules and candidate pool, scoring, playlists,
texts written and checked, covers), rule violations after the build and after edits
(must be 0), mean within-playlist similarity against random picks of the same size,
artist and genre diversity per playlist; plus the same build without audio features
(live Spotify) and a weekly refresh. Target: a whole build from 5,000 candidates < 0.5 s.

    .venv/bin/python bench/worlds.py [--sizes 1000 5000] [--repeats 3] [--demo-artists 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from services.worlds.cover import cover_art  # noqa: E402
from services.worlds.diversity import rule_violations  # noqa: E402
from services.worlds.engine import WorldBuild, build_world  # noqa: E402
from services.worlds.intent import read_answers  # noqa: E402
from services.worlds.refresh import refresh_world  # noqa: E402
from services.worlds.tracks import Blocklist, Candidate  # noqa: E402
from tests.unit.worlds.synthetic import make_catalog  # noqa: E402

DIM = 256  # the local Embedder's vector size
PALETTE = ["#3d2c2e", "#a4785a", "#e8d5b5", "#6b705c"]
INTENT = read_answers({"mood": ["calm"], "setting": ["late night"]}, {"avoid": "hip hop"})
TARGET_MS = 500


def mean_pairwise_cosine(emb: np.ndarray) -> float:
    n = len(emb)
    if n < 2:
        return float("nan")
    gram = emb @ emb.T
    return float((gram.sum() - np.trace(gram)) / (n * (n - 1)))


def one_build(
    tracks: list[Candidate], seeds: list[Candidate], block: Blocklist
) -> tuple[WorldBuild, dict[str, float], dict[str, float]]:
    from services.ai import LocalComposer
    from services.worlds.texts import name_world

    wb = build_world(seeds, tracks, intent=INTENT, blocklist=block)
    wall, cpu = dict(wb.timings), dict(wb.cpu)
    t, c = time.perf_counter(), time.process_time()
    texts, _ = name_world(LocalComposer(), wb, seeds)
    wall["texts"], cpu["texts"] = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    for pl in wb.playlists.playlists:
        cover_art(pl.name, PALETTE, world=texts.world_name)
    wall["covers"], cpu["covers"] = time.perf_counter() - t, time.process_time() - c
    for part in ("texts", "covers"):
        wall["total"] += wall[part]
        cpu["total"] += cpu[part]
    return wb, wall, cpu


def report(label: str, tracks: list[Candidate], seeds: list[Candidate], repeats: int, rng: np.random.Generator) -> None:
    block = Blocklist.of(saved=[t.track_id for t in tracks[::50]], blocked_artists=["a1", "a2"])
    runs = [one_build(tracks, seeds, block) for _ in range(repeats)]
    wb = runs[-1][0]
    wall = {k: statistics.median(r[1][k] for r in runs) for k in runs[0][1]}
    cpu = {k: statistics.median(r[2][k] for r in runs) for k in runs[0][2]}
    order = ["profile", "candidates", "scoring", "playlists", "texts", "covers", "total"]
    print(f"\n== {label}: {len(tracks)} candidates, {len(wb.pool)} after blocklist/dedupe, {len(seeds)} seeds")
    print(f"   features: {'yes' if wb.profile.has_features else 'no (embeddings, genres, popularity)'}")
    print(f"   ms, median of {repeats}:   " + "  ".join(f"{k:>10s}" for k in order))
    print("     CPU (this process)  " + "  ".join(f"{1000 * cpu[k]:10.1f}" for k in order))
    print("     wall (shared box)   " + "  ".join(f"{1000 * wall[k]:10.1f}" for k in order))
    verdict = "OK" if 1000 * cpu["total"] < TARGET_MS else "MISSED"
    engine = cpu["total"] - cpu["covers"] - cpu["texts"]
    print(f"   whole build compute {1000 * cpu['total']:.0f} ms (engine {1000 * engine:.0f} ms, texts "
          f"{1000 * cpu['texts']:.0f} ms, covers {1000 * cpu['covers']:.0f} ms); target < {TARGET_MS} ms: {verdict}")

    ps = wb.playlists
    pool = wb.pool
    centroid = wb.profile.semantic_centroid
    print("   playlist                  n  sim(in)  sim(rand)  seedfit  rand-fit  artists  genres  max/genre")
    for pl in ps.playlists:
        rows = [pool.index[t] for t in pl.track_ids]
        emb = pool.embeddings[rows]
        sim = mean_pairwise_cosine(emb)
        fit = float((emb @ centroid).mean()) if rows else float("nan")
        rand_sims, rand_fits = [], []
        for _ in range(20):
            pick = rng.choice(len(pool), size=len(rows), replace=False)
            rand_sims.append(mean_pairwise_cosine(pool.embeddings[pick]))
            rand_fits.append(float((pool.embeddings[pick] @ centroid).mean()))
        cands = pl.candidates
        artists = len({t.artist_id for t in cands})
        genres = Counter(t.primary_genre for t in cands if t.primary_genre)
        print(
            f"   {pl.name[:24]:24s} {len(rows):3d}  {sim:7.3f}  {np.mean(rand_sims):9.3f}  {fit:7.3f}  {np.mean(rand_fits):8.3f}"
            f"  {artists:3d}/{len(rows):<3d}  {len(genres):6d}  {max(genres.values(), default=0):9d}"
        )
    violations = wb.violations()
    # Edits a person makes on the page: replace ten tracks, remove three, regenerate one playlist.
    t = time.perf_counter()
    for _ in range(10):
        p = int(rng.integers(len(ps.playlists)))
        ids = ps.playlists[p].track_ids
        if ids:
            ps.replace(p, ids[int(rng.integers(len(ids)))])
    for _ in range(3):
        ids = ps.playlists[0].track_ids
        if ids:
            ps.remove(0, ids[-1])
    ps.regenerate(1)
    edit_ms = 1000 * (time.perf_counter() - t)
    after = rule_violations(ps.track_lists(), ps.rules, wb.blocklist)
    print(f"   rule violations: build {len(violations)}, after 10 replaces + 3 removes + 1 regenerate {len(after)} ({edit_ms:.1f} ms)")


def refresh_report(tracks: list[Candidate], seeds: list[Candidate], rng: np.random.Generator) -> None:
    wb = build_world(seeds, tracks, intent=INTENT)
    previous = [pl.track_ids for pl in wb.playlists.playlists]
    identities = [pl.identity for pl in wb.playlists.playlists]
    recent = [tracks[int(i)] for i in rng.choice(len(tracks), 50, replace=False)]
    t = time.perf_counter()
    result = refresh_world(wb.profile, recent, tracks, identities, previous, intent=INTENT)
    ms = 1000 * (time.perf_counter() - t)
    kept = [f"{len(c.kept)}/{len(previous[p])} ({c.new_share:.0%} new)" for p, c in enumerate(result.changes)]
    print(f"\n== weekly refresh on {len(tracks)} candidates: {ms:.1f} ms; kept per playlist {', '.join(kept)}; {result.summary()}")
    print(f"   rule violations: {len(rule_violations(result.playlists.track_lists(), result.playlists.rules))}")


def pipeline_report(artists: int) -> None:
    """The whole service build on a seeded demo catalog in a scratch database (harvest, Composer,
    Embedder included): candidates found per route and seconds per step, first (cold embedding
    cache) and second run."""
    import os
    import tempfile

    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-worlds-")
    from services.accounts.models import User
    from services.catalog.generator import seed_catalog
    from services.db import get_engine, session_scope
    from services.models import metadata
    from services.worlds.builder import build_for_user
    from services.worlds.seeds import SeedChoice

    metadata.create_all(get_engine())
    seed_catalog(artists=artists)
    with session_scope() as db:
        db.add(User(id=1, email="bench@example.com", display_name="Bench", password_hash="-"))
    answers = {"sound": ["dusty"], "mood": ["melancholy"], "movement": ["slow drift"]}
    for label in ("cold embedding cache", "warm embedding cache"):
        t = time.perf_counter()
        built = build_for_user(1, SeedChoice("history", history_range="medium_term"), answers, {})
        total = time.perf_counter() - t
        steps = "  ".join(f"{k} {1000 * v:.0f}" for k, v in built.timings.items())
        print(f"\n== service build on the demo catalog ({artists} artists), {label}: {1000 * total:.0f} ms")
        print(f"   ms per step: {steps}")
        print(f"   candidates {sum(built.routes.values())} by route {built.routes}; violations {len(built.build.violations())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--demo-artists", type=int, default=0,
                        help="also time the whole service build on a demo catalog of this many artists (e.g. 300)")
    args = parser.parse_args()
    if args.demo_artists:
        pipeline_report(args.demo_artists)
    rng = np.random.default_rng(7)
    cover_art("warm-up", PALETTE)  # font loading is a one-off
    from services.ai.grammar import article

    article("warm-up")  # so is inflect's import
    for n in args.sizes:
        cat = make_catalog(n, seed=n, dim=DIM)
        seeds = cat.seeds(8, rng)
        report("with audio features (demo)", cat.tracks, seeds, args.repeats, rng)
    n = max(args.sizes)
    cat = make_catalog(n, seed=n, dim=DIM, feature_share=0.0)
    report("without audio features (live Spotify)", cat.tracks, cat.seeds(8, rng), args.repeats, rng)
    cat = make_catalog(n, seed=n, dim=DIM)
    refresh_report(cat.tracks, cat.seeds(8, rng), rng)


if __name__ == "__main__":
    main()
