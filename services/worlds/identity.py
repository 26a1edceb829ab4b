"""Each playlist of a world is one place: a genre family and a slice of the asked mood/energy band.

`plan_identities` looks at the candidates that keep the rules and sit in the asked
bands, and picks 3 to 5 identities: the families with the most good tracks (the
ones the person named first), each filling a playlist on its own. When fewer
families can, the largest is cut in two along the signal that varies most inside it
(softer / livelier, darker / brighter ...), or into two groups of its genres, so the
playlists stay clearly different from each other. An identity is stored with its
playlist and re-applied by every refresh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.worlds.lexicon import SIGNAL_RANGE, SIGNAL_STEP
from services.worlds.signals import SIGNAL_INDEX, TrackSignals, band_mask
from services.worlds.tracks import Candidate

MIN_IDENTITY = 8  # tracks a playlist needs to stand as a place of its own (one genre alone gives 8)
MIN_PLAYLISTS, MAX_PLAYLISTS = 3, 5
WEAK_FAMILY = 0.35  # a family whose best tracks score below this share of the leader's is not worth a playlist
MAX_PER_GENRE = 8
# Words for the two halves of a split, lower half first.
SPLIT_WORDS: dict[str, tuple[str, str]] = {
    "energy": ("softer", "livelier"),
    "valence": ("darker", "brighter"),
    "tempo": ("slower", "quicker"),
    "acousticness": ("electronic", "acoustic"),
    "danceability": ("drifting", "grooving"),
    "instrumentalness": ("sung", "instrumental"),
}


@dataclass(frozen=True, slots=True)
class Identity:
    """What one playlist is: a family (or any), maybe some of its genres, its bands, its name."""

    family: str = ""
    genres: tuple[str, ...] = ()  # primary genres allowed ("" = all of the family's)
    bands: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # the world's bands and this slice
    slice_word: str = ""  # "softer", "brighter"... when the playlist is one half of a family
    name: str = ""
    description: str = ""

    def mask(self, signals: TrackSignals, primary: Sequence[str], widen: float = 0.0) -> np.ndarray:
        """Rows that belong to this playlist (family, genres, bands widened by `widen` steps)."""
        fam = np.array([f == self.family for f in signals.families], dtype=bool) if self.family else np.ones(len(signals), dtype=bool)
        if self.genres:
            allowed = set(self.genres)
            fam &= np.array([g in allowed for g in primary], dtype=bool)
        return fam & band_mask(signals, dict(self.bands), widen)

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "genres": list(self.genres), "bands": {k: list(v) for k, v in self.bands.items()},
                "slice_word": self.slice_word, "name": self.name, "description": self.description}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Identity:
        """From a stored playlist (older worlds stored themes without a family: any family fits)."""
        bands = {}
        for k, v in dict(data.get("bands") or {}).items():
            if k in SIGNAL_INDEX and isinstance(v, (list, tuple)) and len(v) == 2:
                bands[k] = (float(v[0]), float(v[1]))
        return cls(family=str(data.get("family") or ""), genres=tuple(data.get("genres") or ()), bands=bands,
                   slice_word=str(data.get("slice_word") or ""), name=str(data.get("name") or ""),
                   description=str(data.get("description") or ""))


def capacity(rows: np.ndarray, candidates: Sequence[Candidate], size: int) -> int:
    """How many tracks these rows can give one playlist (one per artist, eight per genre)."""
    artists_by_genre: dict[str, set[str]] = defaultdict(set)
    artists: set[str] = set()
    for r in rows:
        c = candidates[int(r)]
        if c.artist_id in artists:
            continue
        artists.add(c.artist_id)
        artists_by_genre[c.primary_genre].add(c.artist_id)
    total = sum(len(a) if g == "" else min(MAX_PER_GENRE, len(a)) for g, a in artists_by_genre.items())
    return min(total, size)


def _mass(rows: np.ndarray, fit: np.ndarray, cap: int) -> float:
    """The summed fit of the best `cap` rows: how much good music a group holds."""
    if cap <= 0 or len(rows) == 0:
        return 0.0
    return float(np.sort(fit[rows])[::-1][:cap].sum())


@dataclass(slots=True)
class _Group:
    identity: Identity
    rows: np.ndarray
    cap: int
    mass: float


def _split_by_signal(g: _Group, signals: TrackSignals, candidates: Sequence[Candidate], fit: np.ndarray,
                     size: int) -> list[_Group] | None:
    """Two halves along the signal that spreads most inside the group, or None."""
    best: tuple[float, str, float] | None = None
    for signal, j in SIGNAL_INDEX.items():
        col = signals.values[g.rows, j]
        known = col[~np.isnan(col)]
        if len(known) < 0.8 * len(col) or len(known) < 2 * MIN_IDENTITY:
            continue
        spread = float(np.std(known)) / SIGNAL_STEP[signal]
        if spread < 0.5:
            continue
        if best is None or spread > best[0]:
            best = (spread, signal, float(np.median(known)))
    if best is None:
        return None
    _, signal, cut = best
    col = signals.values[g.rows, SIGNAL_INDEX[signal]]
    lo_world, hi_world = g.identity.bands.get(signal, (float("-inf"), float("inf")))
    halves = []
    for word, (lo, hi), part in ((SPLIT_WORDS[signal][0], (lo_world, cut), col < cut),
                                 (SPLIT_WORDS[signal][1], (cut, hi_world), col >= cut)):
        rows = g.rows[part]
        cap = capacity(rows, candidates, size)
        if cap < MIN_IDENTITY:
            return None
        bands = dict(g.identity.bands)
        bands[signal] = (max(lo, SIGNAL_RANGE[signal][0]), min(hi, SIGNAL_RANGE[signal][1]))
        ident = Identity(family=g.identity.family, genres=g.identity.genres, bands=bands, slice_word=word)
        halves.append(_Group(ident, rows, cap, _mass(rows, fit, cap)))
    return halves


def _split_by_genre(g: _Group, candidates: Sequence[Candidate], fit: np.ndarray, size: int) -> list[_Group] | None:
    """Two groups of the family's genres, as even in capacity as a greedy cut makes them, or None."""
    by_genre: dict[str, list[int]] = defaultdict(list)
    for r in g.rows:
        by_genre[candidates[int(r)].primary_genre].append(int(r))
    if len(by_genre) < 2:
        return None
    genres = sorted(by_genre, key=lambda k: -len(by_genre[k]))
    left: list[str] = []
    right: list[str] = []
    for name in genres:
        (left if sum(len(by_genre[x]) for x in left) <= sum(len(by_genre[x]) for x in right) else right).append(name)
    out = []
    for part in (left, right):
        rows = np.array(sorted(r for name in part for r in by_genre[name]), dtype=np.int64)
        cap = capacity(rows, candidates, size)
        if cap < MIN_IDENTITY:
            return None
        ident = Identity(family=g.identity.family, genres=tuple(sorted(part)), bands=dict(g.identity.bands),
                         slice_word=g.identity.slice_word)
        out.append(_Group(ident, rows, cap, _mass(rows, fit, cap)))
    return out


def plan_identities(
    candidates: Sequence[Candidate],
    signals: TrackSignals,
    eligible: np.ndarray,
    fit: np.ndarray,
    bands: Mapping[str, tuple[float, float]],
    wanted_families: Sequence[str] = (),
    size: int = 30,
) -> list[Identity]:
    """3 to 5 identities for the eligible rows (fewer only when the pool cannot fill three)."""
    rows = np.flatnonzero(eligible)
    by_family: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        by_family[signals.families[int(r)]].append(int(r))
    groups: list[_Group] = []
    for fam, fam_rows in by_family.items():
        if not fam:
            continue
        arr = np.array(fam_rows, dtype=np.int64)
        cap = capacity(arr, candidates, size)
        if cap >= MIN_IDENTITY:
            groups.append(_Group(Identity(family=fam, bands=dict(bands)), arr, cap, _mass(arr, fit, cap)))
    if not groups and len(rows):  # no family can stand alone: one mixed playlist of what there is
        cap = capacity(rows, candidates, size)
        return [Identity(bands=dict(bands))] if cap > 0 else []
    order = list(wanted_families)
    wanted = sorted((g for g in groups if g.identity.family in order), key=lambda g: order.index(g.identity.family))
    others = sorted((g for g in groups if g.identity.family not in order), key=lambda g: -g.mass)
    top = max((g.mass for g in groups), default=0.0)
    chosen = wanted[:MAX_PLAYLISTS]
    if not wanted:  # the strongest families, as long as they hold enough good music
        for g in others:
            if len(chosen) >= MAX_PLAYLISTS or (len(chosen) >= MIN_PLAYLISTS and g.mass < WEAK_FAMILY * top):
                break
            chosen.append(g)
    # Named families (or too few strong ones) are cut in two before anything else is brought in.
    while len(chosen) < MIN_PLAYLISTS and _split_largest(chosen, signals, candidates, fit, size):
        pass
    for g in others:
        if len(chosen) >= MIN_PLAYLISTS:
            break
        if all(c.identity.family != g.identity.family for c in chosen):
            chosen.append(g)
    chosen.sort(key=lambda g: -g.mass)
    return [g.identity for g in chosen]


def _split_largest(chosen: list[_Group], signals: TrackSignals, candidates: Sequence[Candidate], fit: np.ndarray,
                   size: int) -> bool:
    """Replace the largest group that can be cut in two by its halves; False when none can."""
    for g in sorted(chosen, key=lambda g: -g.cap):
        halves = _split_by_signal(g, signals, candidates, fit, size) or _split_by_genre(g, candidates, fit, size)
        if halves:
            chosen.remove(g)
            chosen.extend(halves)
            return True
    return False
