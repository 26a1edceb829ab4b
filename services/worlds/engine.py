"""The whole offline build: seeds and answers -> profile -> rules -> pool -> scores -> playlists.

Remote work (harvesting candidates, embedding, writing the texts) happens around it;
this is the fast, pure middle, timed step by step so the page can report progress
and the bench can report figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from services.worlds.diversity import DiversityRules, rule_violations
from services.worlds.identity import MIN_IDENTITY, MIN_PLAYLISTS, Identity, plan_identities
from services.worlds.intent import WorldIntent
from services.worlds.lexicon import SIGNAL_WORDS
from services.worlds.playlists import BAND_WEIGHT, DEFAULT_SIZE, PlaylistSet, PoolContext
from services.worlds.profile import TasteProfile, build_profile
from services.worlds.rules import FilterResult, apply_rules
from services.worlds.scoring import ScoreTable, Weights, score_pool, seed_blocklist
from services.worlds.signals import SignalReport, TrackSignals, band_fit, band_mask, signal_report, track_signals
from services.worlds.tracks import Blocklist, Candidate, CandidatePool
from services.worlds.why import SeedNeighbours

Progress = Callable[[str], None]
TAG_BONUS = 0.15  # a track carrying an asked-for tag (piano, dusty...)
FAMILY_BONUS = 0.12  # a track of a family or genre the person named
MAX_WIDEN = 3  # steps the world's bands may widen when too few tracks sit inside them


@dataclass(slots=True)
class WorldBuild:
    profile: TasteProfile
    pool: CandidatePool
    table: ScoreTable
    playlists: PlaylistSet
    blocklist: Blocklist
    intent: WorldIntent = field(default_factory=WorldIntent)
    filtered: FilterResult | None = None
    signals: TrackSignals | None = None
    report: SignalReport | None = None
    widen: float = 0.0
    notes: list[str] = field(default_factory=list)
    neighbours: SeedNeighbours | None = None  # the seed artists, to say which one a track is like
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per step
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds per step

    def violations(self) -> list[str]:
        return rule_violations(self.playlists.track_lists(), self.playlists.rules, self.blocklist)


def default_name(identity: Identity) -> str:
    """A plain name before the texts are written ("Softer jazz", "Folk: bluegrass")."""
    from services.worlds.taxonomy import family_label

    label = family_label(identity.family) if identity.family else "Mixed"
    if identity.genres:
        label = f"{label}: {', '.join(identity.genres[:2])}"
    name = f"{identity.slice_word} {label}" if identity.slice_word else label
    return name[:1].upper() + name[1:]


def bonus_for(pool: CandidatePool, signals: TrackSignals, intent: WorldIntent) -> np.ndarray:
    """Extra fit for asked-for tags, families and genres."""
    bonus = np.zeros(len(pool))
    tags = {t.lower() for t in intent.tags}
    families = set(intent.families)
    genres = intent.genres
    if not tags and not families and not genres:
        return bonus
    for i, c in enumerate(pool.candidates):
        if tags and any(t.lower() in tags for t in c.tags):
            bonus[i] += TAG_BONUS
        if signals.families[i] in families or any(g.covers(c.primary_genre) for g in genres if not g.family):
            bonus[i] += FAMILY_BONUS
    return bonus


def world_eligibility(pool: CandidatePool, signals: TrackSignals, bands: dict[str, tuple[float, float]],
                      minimum: int = MIN_PLAYLISTS * MIN_IDENTITY) -> tuple[np.ndarray, float]:
    """Rows inside the world's bands, widened a step at a time until enough distinct artists are in;
    past the last step every row is eligible (ranked by closeness instead). Returns (mask, steps)."""
    if not bands:
        return np.ones(len(pool), dtype=bool), 0.0
    for step in range(MAX_WIDEN + 1):
        mask = band_mask(signals, bands, float(step))
        artists = {pool.candidates[int(r)].artist_id for r in np.flatnonzero(mask)}
        if len(artists) >= minimum:
            return mask, float(step)
    return np.ones(len(pool), dtype=bool), float(MAX_WIDEN + 1)


def plan_world(pool: CandidatePool, signals: TrackSignals, intent: WorldIntent, fit: np.ndarray,
               size: int) -> tuple[list[Identity], np.ndarray, float]:
    """The playlists' identities and the rows they may draw from, widening the world's bands only as
    far as three playlists need (a small catalog or a narrow ask). Returns (identities, eligible, steps)."""
    bands = dict(intent.bands)
    eligible, widen = world_eligibility(pool, signals, bands)
    best: tuple[list[Identity], np.ndarray, float] | None = None
    steps = [widen, *[float(w) for w in range(int(widen) + 1, MAX_WIDEN + 2)]] if bands else [0.0]
    for step in steps:
        mask = band_mask(signals, bands, step) if bands and step <= MAX_WIDEN else np.ones(len(pool), dtype=bool)
        identities = plan_identities(pool.candidates, signals, mask, fit, bands, intent.families, size)
        if best is None or len(identities) > len(best[0]):
            best = (identities, mask, step)
        if len(identities) >= MIN_PLAYLISTS:
            break
    assert best is not None
    return best


def widen_note(intent: WorldIntent, steps: float) -> str:
    if steps <= 0 or not intent.bands:
        return ""
    from services.ai.grammar import join

    asked = join([f"“{label}”" for label in dict.fromkeys(x for v in intent.band_labels.values() for x in v)])
    signals = join([SIGNAL_WORDS[s] for s in intent.bands])
    if steps > MAX_WIDEN:
        return f"Too few tracks fit {asked} exactly, so the playlists hold the closest ones by {signals}."
    ranges = "range" if len(intent.bands) == 1 else "ranges"
    return f"Only a few tracks fit {asked} exactly, so we widened the {signals} {ranges} a little."


def build_world(
    seeds: Sequence[Candidate],
    candidates: Sequence[Candidate],
    *,
    intent: WorldIntent | None = None,
    weights: Weights | None = None,
    blocklist: Blocklist | None = None,
    known_artist_ids: Iterable[str] = (),
    world_embedding: np.ndarray | None = None,
    avoid_embedding: np.ndarray | None = None,
    size: int = DEFAULT_SIZE,
    rules: DiversityRules | None = None,
    progress: Progress | None = None,
) -> WorldBuild:
    """Build a world's playlists from seeds, answers (`intent`) and a harvested candidate list.

    `progress` is called with each step's name ("profile", "candidates", "scoring",
    "playlists") as it starts, for the page's progress indicator.
    """
    intent = intent or WorldIntent()
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
    profile = build_profile(seeds, reference_features=reference, known_artist_ids=known_artist_ids,
                            world_embedding=world_embedding, avoid_embedding=avoid_embedding)
    done("profile")

    step("candidates")
    filtered = apply_rules(candidates, track_signals(candidates), intent.rules) if intent.rules else None
    kept = filtered.kept if filtered is not None else candidates
    block = seed_blocklist(profile, blocklist)
    pool = CandidatePool.build(kept, block)
    signals = track_signals(pool.candidates)
    done("candidates")

    step("scoring")
    table = score_pool(profile, pool, weights)
    bonus = bonus_for(pool, signals, intent)
    fit = table.total + BAND_WEIGHT * band_fit(signals, dict(intent.bands)) + bonus
    done("scoring")

    step("playlists")
    identities, eligible, widen = plan_world(pool, signals, intent, fit, size)
    if not identities and len(pool):  # nothing coherent: one playlist of the closest tracks
        identities = [Identity(bands=dict(intent.bands))]
    identities = [Identity(family=i.family, genres=i.genres, bands=i.bands, slice_word=i.slice_word,
                           name=i.name or default_name(i)) for i in identities]
    ctx = PoolContext(signals=signals, bonus=bonus, eligible=eligible, widen=widen)
    playlists = PlaylistSet.build(table, identities, ctx, size, rules)
    done("playlists")
    timings["total"] = sum(timings.values())
    cpu["total"] = sum(cpu.values())
    notes = list(intent.notes) + (filtered.notes if filtered else [])
    if (note := widen_note(intent, widen)):
        notes.append(note)
    if len(playlists.playlists) < MIN_PLAYLISTS:
        notes.append(f"Your answers and exclusions left enough music for {len(playlists.playlists)} "
                     f"playlist{'s' if len(playlists.playlists) != 1 else ''} only.")
    report = signal_report(signals, list(intent.bands))
    return WorldBuild(profile, pool, table, playlists, block, intent, filtered, signals, report, widen, notes,
                      SeedNeighbours(seeds), timings, cpu)
