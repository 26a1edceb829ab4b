"""The weekly refresh: lean the world toward recent listening and renew its playlists.

The profile keeps 80% of itself and takes 20% from recent listening (decay); each
playlist keeps the 30% of its tracks that still fit best (continuity) and fills the
rest with tracks the world has not shown in that refresh's previous edition, so a
person sees their world move without losing its footing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.worlds.diversity import MAX_PLAYLIST_TRACKS, DiversityRules
from services.worlds.intersections import Intersection, PlaylistSet
from services.worlds.profile import TasteProfile, blend_profiles, build_profile
from services.worlds.scoring import Weights, score_pool, seed_blocklist
from services.worlds.tracks import Blocklist, Candidate, CandidatePool

DECAY = 0.8
CONTINUITY = 0.3


@dataclass(frozen=True, slots=True)
class PlaylistChange:
    """What one playlist kept, gained and lost in a refresh."""

    name: str
    kept: list[str]
    added: list[str]
    removed: list[str]


@dataclass(frozen=True, slots=True)
class RefreshResult:
    profile: TasteProfile
    playlists: PlaylistSet
    changes: list[PlaylistChange]

    @property
    def added(self) -> int:
        return sum(len(c.added) for c in self.changes)

    @property
    def removed(self) -> int:
        return sum(len(c.removed) for c in self.changes)

    def summary(self) -> str:
        return f"{self.added} tracks added, {self.removed} removed across {len(self.changes)} playlists."


def kept_count(previous_size: int, continuity: float = CONTINUITY) -> int:
    """How many of a playlist's tracks a refresh keeps (30% of 50 is 15)."""
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
    intersections: Sequence[Intersection],
    previous: Mapping[str, Sequence[str]],
    *,
    weights: Weights | None = None,
    blocklist: Blocklist | None = None,
    decay: float = DECAY,
    continuity: float = CONTINUITY,
    size: int = MAX_PLAYLIST_TRACKS,
    rules: DiversityRules | None = None,
) -> RefreshResult:
    """Rebuild a world's playlists after recent listening.

    `previous` maps playlist name -> its current track ids. Previous tracks can only
    be kept if they are among `candidates` (the caller adds them to the harvest) and
    are not blocked now (e.g. since played heavily); the others are reported removed.
    """
    if not 0.0 <= continuity <= 1.0:
        raise ValueError("continuity must be between 0 and 1")
    new_profile = refresh_profile(profile, recent, decay)
    pool = CandidatePool.build(candidates, seed_blocklist(new_profile, blocklist))
    table = score_pool(new_profile, pool, weights)
    ps = PlaylistSet(table, new_profile, intersections, size, rules)
    keep: list[list[str]] = []
    avoid: list[str] = []
    for p, pl in enumerate(ps.playlists):
        old = list(dict.fromkeys(previous.get(pl.name, ())))
        theme = ps.themes[p]
        rows = [r for t in old if (r := ps.row_of(t)) is not None and theme.eligible[r]]
        rows.sort(key=lambda r: -theme.fit[r])
        chosen = [pool.candidates[r].track_id for r in rows[: kept_count(len(old), continuity)]]
        keep.append(chosen)
        avoid += [t for t in old if t not in set(chosen)]
    # A track kept by one playlist is not "avoided" for it even if another dropped it.
    kept_all = {t for ks in keep for t in ks}
    ps.fill(keep=keep, avoid=[t for t in avoid if t not in kept_all])
    changes = []
    for pl in ps.playlists:
        old = list(dict.fromkeys(previous.get(pl.name, ())))
        now = pl.track_ids
        old_set, now_set = set(old), set(now)
        changes.append(
            PlaylistChange(
                name=pl.name,
                kept=[t for t in now if t in old_set],
                added=[t for t in now if t not in old_set],
                removed=[t for t in old if t not in now_set],
            )
        )
    return RefreshResult(profile=new_profile, playlists=ps, changes=changes)
