"""A refresh: lean the world toward recent listening and renew its playlists, keeping their identities.

The profile keeps 80% of itself and takes 20% from recent listening (decay); each
playlist keeps the 30% of its tracks that still fit its identity best (continuity)
and fills the rest with tracks the world has not shown, inside the same rules and
bands, so at least half of a refreshed playlist is new while it stays the same place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.worlds.diversity import DiversityRules
from services.worlds.engine import MAX_WIDEN, WorldBuild, bonus_for, world_eligibility
from services.worlds.identity import Identity
from services.worlds.intent import WorldIntent
from services.worlds.playlists import DEFAULT_SIZE, PlaylistSet, PoolContext
from services.worlds.profile import TasteProfile, blend_profiles, build_profile
from services.worlds.rules import apply_rules
from services.worlds.scoring import Weights, score_pool, seed_blocklist
from services.worlds.signals import band_mask, signal_report, track_signals
from services.worlds.tracks import Blocklist, Candidate, CandidatePool
from services.worlds.why import SeedNeighbours

DECAY = 0.8
CONTINUITY = 0.3


@dataclass(frozen=True, slots=True)
class PlaylistChange:
    """What one playlist kept, gained and lost in a refresh."""

    name: str
    kept: list[str]
    added: list[str]
    removed: list[str]

    @property
    def continuity(self) -> float:
        """Share of the previous tracks still there (0..1)."""
        before = len(self.kept) + len(self.removed)
        return len(self.kept) / before if before else 1.0

    @property
    def new_share(self) -> float:
        now = len(self.kept) + len(self.added)
        return len(self.added) / now if now else 0.0


@dataclass(frozen=True, slots=True)
class RefreshResult:
    build: WorldBuild
    changes: list[PlaylistChange]

    @property
    def profile(self) -> TasteProfile:
        return self.build.profile

    @property
    def playlists(self) -> PlaylistSet:
        return self.build.playlists

    @property
    def added(self) -> int:
        return sum(len(c.added) for c in self.changes)

    @property
    def removed(self) -> int:
        return sum(len(c.removed) for c in self.changes)

    @property
    def kept(self) -> int:
        return sum(len(c.kept) for c in self.changes)

    @property
    def continuity(self) -> float:
        before = self.kept + self.removed
        return self.kept / before if before else 1.0

    def summary(self) -> str:
        from services.ai.grammar import count

        return (f"{count(self.added, 'track')} added, {self.kept} kept, {self.removed} removed across "
                f"{count(len(self.changes), 'playlist')} ({round(100 * self.continuity)}% continuity).")


def kept_count(previous_size: int, continuity: float = CONTINUITY) -> int:
    """How many of a playlist's tracks a refresh keeps (30% of 30 is 9)."""
    return int(round(previous_size * continuity))


def refresh_profile(profile: TasteProfile, recent: Sequence[Candidate], decay: float = DECAY) -> TasteProfile:
    """`decay` of the old profile plus the rest from recent listening, on the world's own feature axes."""
    if not recent:
        return profile
    recent_profile = build_profile(recent, space=profile.space)
    return blend_profiles(profile, recent_profile, keep=decay)


def refresh_world(
    profile: TasteProfile,
    recent: Sequence[Candidate],
    candidates: Sequence[Candidate],
    identities: Sequence[Identity],
    previous: Sequence[Sequence[str]],
    *,
    intent: WorldIntent | None = None,
    weights: Weights | None = None,
    blocklist: Blocklist | None = None,
    decay: float = DECAY,
    continuity: float = CONTINUITY,
    size: int = DEFAULT_SIZE,
    rules: DiversityRules | None = None,
    widen: float = 0.0,
) -> RefreshResult:
    """Rebuild a world's playlists after recent listening.

    `identities[i]` and `previous[i]` are playlist i's identity and current track ids.
    Previous tracks can only be kept if they are among `candidates` (the caller adds
    them to the harvest), still keep the rules and are not blocked now (e.g. since
    played heavily); the others are reported removed. `widen` is how far the world's
    bands were widened when it was built (a refresh starts there).
    """
    if not 0.0 <= continuity <= 1.0:
        raise ValueError("continuity must be between 0 and 1")
    intent = intent or WorldIntent()
    new_profile = refresh_profile(profile, recent, decay)
    filtered = apply_rules(candidates, track_signals(candidates), intent.rules) if intent.rules else None
    kept_cands = filtered.kept if filtered is not None else candidates
    block = seed_blocklist(new_profile, blocklist)
    pool = CandidatePool.build(kept_cands, block)
    signals = track_signals(pool.candidates)
    table = score_pool(new_profile, pool, weights)
    eligible, step = world_eligibility(pool, signals, dict(intent.bands))
    if widen > step:
        eligible, step = np.ones(len(pool), dtype=bool) if widen > MAX_WIDEN else band_mask(signals, dict(intent.bands), widen), widen
    bonus = bonus_for(pool, signals, intent)
    ctx = PoolContext(signals=signals, bonus=bonus, eligible=eligible, widen=step)
    biggest = max((len(p) for p in previous), default=0) or size
    ps = PlaylistSet(table, identities, ctx, biggest, rules, demand=2 * biggest)
    keep: list[list[str]] = []
    avoid: list[str] = []
    for p, theme in enumerate(ps.themes):
        old = list(dict.fromkeys(previous[p])) if p < len(previous) else []
        rows = [r for t in old if (r := ps.row_of(t)) is not None and theme.eligible[r]]
        rows.sort(key=lambda r: -theme.fit[r])
        chosen = [pool.candidates[r].track_id for r in rows[: kept_count(len(old), continuity)]]
        keep.append(chosen)
        avoid += [t for t in old if t not in set(chosen)]
    kept_all = {t for ks in keep for t in ks}  # a track kept by one playlist is not avoided for it
    ps.fill(keep=keep, avoid=[t for t in avoid if t not in kept_all])
    changes = []
    for p, pl in enumerate(ps.playlists):
        old = list(dict.fromkeys(previous[p])) if p < len(previous) else []
        now = pl.track_ids
        old_set, now_set = set(old), set(now)
        changes.append(PlaylistChange(name=pl.name, kept=[t for t in now if t in old_set],
                                      added=[t for t in now if t not in old_set],
                                      removed=[t for t in old if t not in now_set]))
    build = WorldBuild(new_profile, pool, table, ps, block, intent, filtered, signals,
                       signal_report(signals, list(intent.bands)), step, [], SeedNeighbours(recent))
    return RefreshResult(build=build, changes=changes)
