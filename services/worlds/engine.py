"""The whole offline build: seeds -> profile -> pool -> scores -> themed playlists.

Remote work (harvesting candidates, embedding descriptions, the Composer) happens
before; covers after. This is the fast, pure middle, timed step by step so the page
can report progress and the bench can report figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from services.worlds.diversity import MAX_PLAYLIST_TRACKS, DiversityRules, rule_violations
from services.worlds.intersections import Intersection, PlaylistSet
from services.worlds.profile import TasteProfile, build_profile
from services.worlds.scoring import ScoreTable, Weights, score_pool, seed_blocklist
from services.worlds.tracks import Blocklist, Candidate, CandidatePool

Progress = Callable[[str], None]


@dataclass(slots=True)
class WorldBuild:
    profile: TasteProfile
    pool: CandidatePool
    table: ScoreTable
    playlists: PlaylistSet
    blocklist: Blocklist
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per step
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds per step

    def violations(self) -> list[str]:
        return rule_violations(self.playlists.track_lists(), self.playlists.rules, self.blocklist)


def build_world(
    seeds: Sequence[Candidate],
    candidates: Sequence[Candidate],
    intersections: Sequence[Intersection],
    *,
    weights: Weights | None = None,
    blocklist: Blocklist | None = None,
    known_artist_ids: Iterable[str] = (),
    world_embedding: np.ndarray | None = None,
    avoid_embedding: np.ndarray | None = None,
    size: int = MAX_PLAYLIST_TRACKS,
    rules: DiversityRules | None = None,
    progress: Progress | None = None,
) -> WorldBuild:
    """Build a world's playlists from seeds and a harvested candidate list.

    `progress` is called with each step's name ("profile", "candidates", "scoring",
    "playlists") as it starts, for the page's progress indicator.
    """
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    clock: dict[str, tuple[float, float]] = {}

    def step(name: str) -> None:
        if progress:
            progress(name)
        clock[name] = (time.perf_counter(), time.process_time())

    def done(name: str) -> None:
        wall, proc = clock[name]
        timings[name] = time.perf_counter() - wall
        cpu[name] = time.process_time() - proc

    step("profile")
    feats = [c.features for c in candidates if c.features is not None]
    reference = np.stack(feats) if feats else None
    profile = build_profile(
        seeds, reference_features=reference, known_artist_ids=known_artist_ids,
        world_embedding=world_embedding,
        avoid_embedding=avoid_embedding,
    )
    done("profile")

    step("candidates")
    block = seed_blocklist(profile, blocklist)
    pool = CandidatePool.build(candidates, block)
    done("candidates")

    step("scoring")
    table = score_pool(profile, pool, weights)
    done("scoring")

    step("playlists")
    playlists = PlaylistSet.build(table, profile, intersections, size, rules)
    done("playlists")
    timings["total"] = sum(timings.values())
    cpu["total"] = sum(cpu.values())
    return WorldBuild(profile, pool, table, playlists, block, timings, cpu)
