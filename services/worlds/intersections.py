"""Themed playlists ("intersections") drawn from one scored pool, with the diversity rules kept.

Each intersection leans the shared score toward its theme (a bias on audio features
and, optionally, toward an embedded description) and may narrow the pool with a
feature filter. Playlists pick in turns (a draft, rotating who goes first) so the
first theme does not take every good track; no track is in two playlists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.worlds.diversity import MAX_PLAYLIST_TRACKS, DiversityRules, PlaylistDiversity
from services.worlds.profile import TasteProfile
from services.worlds.scoring import Scored, ScoreTable, percentile
from services.worlds.tracks import FEATURE_INDEX, Candidate

MIN_PLAYLISTS = 3
MAX_PLAYLISTS = 5
# Score shift per standard deviation of a feature at full bias (+-1).
BIAS_SCALE = 0.12
# Weight of an intersection's embedded description (percentile above/below the middle).
SEMANTIC_BIAS = 0.3
# How far a filter is widened per relaxation step, in standard deviations of the feature.
RELAX_STEP = 0.5
RELAX_STEPS = 3

# Words a Composer may use for a theme's lean, and what they mean in features.
BIAS_WORDS: dict[str, dict[str, float]] = {
    "dark": {"valence": -0.6},
    "bright": {"valence": 0.5, "energy": 0.2},
    "warm": {"acousticness": 0.3, "valence": 0.2},
    "cold": {"acousticness": -0.3, "valence": -0.2},
    "slow": {"tempo": -0.6, "energy": -0.3},
    "patient": {"tempo": -0.3},
    "fast": {"tempo": 0.6, "energy": 0.3},
    "calm": {"energy": -0.6, "loudness": -0.3},
    "quiet": {"energy": -0.5, "loudness": -0.5},
    "soft": {"energy": -0.4, "loudness": -0.4},
    "energetic": {"energy": 0.6},
    "upbeat": {"energy": 0.4, "valence": 0.4},
    "driving": {"energy": 0.5, "tempo": 0.3},
    "groove": {"danceability": 0.6},
    "danc": {"danceability": 0.6},
    "acoustic": {"acousticness": 0.6},
    "organic": {"acousticness": 0.4},
    "electronic": {"acousticness": -0.6},
    "synth": {"acousticness": -0.5},
    "textur": {"instrumentalness": 0.4},
    "ambient": {"instrumentalness": 0.5, "energy": -0.3},
    "instrumental": {"instrumentalness": 0.6},
    "vocal": {"instrumentalness": -0.5},
    "live": {"liveness": 0.4},
    "raw": {"liveness": 0.3, "loudness": 0.2},
    "happ": {"valence": 0.6},
    "joy": {"valence": 0.6},
    "melanchol": {"valence": -0.5},
    "sad": {"valence": -0.5},
    "heavy": {"energy": 0.5, "loudness": 0.4},
    "light": {"energy": -0.2, "valence": 0.2},
}
_LESS = {"less", "not", "no", "without"}


def bias_from_words(text: str) -> dict[str, float]:
    """A feature bias from words like "darker, more textural, slower" (each in -1..1).

    "less"/"not" before a word flips it; unknown words are ignored.
    """
    bias: dict[str, float] = {}
    words = re.findall(r"[a-z]+", text.lower())
    for i, word in enumerate(words):
        sign = -1.0 if i > 0 and words[i - 1] in _LESS else 1.0
        for stem, effect in BIAS_WORDS.items():
            if word.startswith(stem):
                for feat, v in effect.items():
                    bias[feat] = bias.get(feat, 0.0) + sign * v
                break
    return {f: float(np.clip(v, -1.0, 1.0)) for f, v in bias.items() if v}


def _bound(value: Any) -> tuple[float | None, float | None] | None:
    if isinstance(value, Mapping):
        lo, hi = value.get("min"), value.get("max")
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        lo, hi = value
    else:
        return None
    lo = None if lo is None else float(lo)
    hi = None if hi is None else float(hi)
    return (lo, hi) if lo is not None or hi is not None else None


@dataclass(frozen=True, slots=True)
class Intersection:
    """One themed playlist of a world: its name, lean (bias) and optional feature filter.

    `bias`: feature name -> -1..1 (negative = less of it). `feature_filter`: feature
    name -> (min, max) in the feature's own units (either may be None). `embedding`:
    the Embedder's vector of name and description, pulling the theme semantically
    (the lean that still works when audio features are missing).
    """

    name: str
    bias: Mapping[str, float] = field(default_factory=dict)
    feature_filter: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)
    description: str = ""
    embedding: np.ndarray | None = None

    @classmethod
    def from_definition(cls, data: Mapping[str, Any], embedding: np.ndarray | None = None) -> Intersection:
        """From a Composer's intersection: bias as words or a mapping; filter as ranges or *_min/*_max keys."""
        name = str(data.get("name") or "Untitled").strip() or "Untitled"
        raw_bias = data.get("bias") or {}
        description = str(data.get("description") or "")
        if isinstance(raw_bias, str):
            description = description or raw_bias
            bias = bias_from_words(raw_bias)
        else:
            bias = {k: float(np.clip(float(v), -1, 1)) for k, v in dict(raw_bias).items() if k in FEATURE_INDEX}
        filt: dict[str, tuple[float | None, float | None]] = {}
        for key, value in dict(data.get("filter") or data.get("feature_filter") or {}).items():
            m = re.fullmatch(r"([a-z]+)_(min|max)", key)
            if m and m.group(1) in FEATURE_INDEX and value is not None:
                lo, hi = filt.get(m.group(1), (None, None))
                filt[m.group(1)] = (float(value), hi) if m.group(2) == "min" else (lo, float(value))
            elif key in FEATURE_INDEX and (b := _bound(value)):
                filt[key] = b
        return cls(name=name, bias=bias, feature_filter=filt, description=description, embedding=embedding)


def intersection_to_dict(it: Intersection) -> dict[str, Any]:
    """JSON-ready values of an intersection, to store with a saved playlist."""
    return {
        "name": it.name,
        "description": it.description,
        "bias": dict(it.bias),
        "filter": {k: list(v) for k, v in it.feature_filter.items()},
        "embedding": None if it.embedding is None else [float(x) for x in np.asarray(it.embedding).ravel()],
    }


def intersection_from_dict(data: Mapping[str, Any]) -> Intersection:
    emb = data.get("embedding")
    return Intersection.from_definition(
        {k: data.get(k) for k in ("name", "description", "bias", "filter")},
        None if emb is None else np.asarray(emb, dtype=np.float32),
    )


DEFAULT_INTERSECTIONS: tuple[Intersection, ...] = (
    Intersection("Heart of the World", description="the closest fit to your seeds"),
    Intersection(
        "Low Light", bias={"valence": -0.5, "energy": -0.4, "tempo": -0.3}, description="darker, slower, quieter"
    ),
    Intersection(
        "Open Windows", bias={"valence": 0.5, "energy": 0.3, "danceability": 0.3}, description="brighter, moving"
    ),
    Intersection("Handmade", bias={"acousticness": 0.6, "instrumentalness": 0.2}, description="acoustic, organic"),
    Intersection("Circuitry", bias={"acousticness": -0.6, "energy": 0.2}, description="electronic, pulsing"),
)


def plan_intersections(intersections: Sequence[Intersection]) -> list[Intersection]:
    """Three to five themes: the Composer's first five, topped up with defaults when it gave fewer than three."""
    plan: list[Intersection] = []
    names: set[str] = set()
    for it in intersections:
        key = it.name.strip().lower()
        if key and key not in names:
            plan.append(it)
            names.add(key)
        if len(plan) == MAX_PLAYLISTS:
            return plan
    for it in DEFAULT_INTERSECTIONS:
        if len(plan) >= MIN_PLAYLISTS:
            break
        if it.name.lower() not in names:
            plan.append(it)
            names.add(it.name.lower())
    return plan


@dataclass(slots=True)
class Playlist:
    """One themed playlist: its tracks best first, with how well each fits the theme."""

    intersection: Intersection
    tracks: list[Scored] = field(default_factory=list)
    fits: list[float] = field(default_factory=list)
    filter_relaxed: bool = False

    @property
    def name(self) -> str:
        return self.intersection.name

    @property
    def track_ids(self) -> list[str]:
        return [s.track_id for s in self.tracks]

    @property
    def candidates(self) -> list[Candidate]:
        return [s.candidate for s in self.tracks]


@dataclass(slots=True)
class _Theme:
    """An intersection's view of the pool: its leaned score order and who passes its filter."""

    order: np.ndarray  # rows, best fit first
    fit: np.ndarray  # leaned score per row
    eligible: np.ndarray  # bool per row
    relaxed: bool


def _filter_mask(
    it: Intersection, table: ScoreTable, scale: np.ndarray | None, widen: float
) -> np.ndarray:
    pool = table.pool
    mask = np.ones(len(pool), dtype=bool)
    for feat, (lo, hi) in it.feature_filter.items():
        j = FEATURE_INDEX.get(feat)
        if j is None:
            continue
        col = pool.features[:, j]
        slack = widen * (scale[j] if scale is not None else max(abs(lo or 0), abs(hi or 0), 1.0) * 0.1)
        ok = np.ones(len(pool), dtype=bool)
        if lo is not None:
            ok &= col >= lo - slack
        if hi is not None:
            ok &= col <= hi + slack
        mask &= ok | ~pool.has_features  # a track without features cannot be judged: it passes
    return mask


def _theme(it: Intersection, table: ScoreTable, profile: TasteProfile, size: int) -> _Theme:
    pool = table.pool
    fit = table.total.copy()
    if profile.space is not None and it.bias and pool.has_features.any():
        z = np.nan_to_num(profile.space.standardize(pool.features), nan=0.0)
        vec = np.zeros(z.shape[1])
        for feat, v in it.bias.items():
            if feat in FEATURE_INDEX:
                vec[FEATURE_INDEX[feat]] = v
        fit += BIAS_SCALE * (z @ vec)
    if it.embedding is not None and len(pool):
        e = np.asarray(it.embedding, dtype=np.float32)
        e = e / max(float(np.linalg.norm(e)), 1e-12)
        fit += SEMANTIC_BIAS * (percentile((pool.embeddings @ e).astype(np.float64)) - 0.5)
    scale = profile.space.scale if profile.space is not None else None
    eligible = _filter_mask(it, table, scale, 0.0)
    relaxed = False
    if it.feature_filter and int(eligible.sum()) < size:
        relaxed = True
        for step in range(1, RELAX_STEPS + 1):
            eligible = _filter_mask(it, table, scale, step * RELAX_STEP)
            if int(eligible.sum()) >= size:
                break
        else:
            eligible = np.ones(len(pool), dtype=bool)
    order = np.lexsort((np.arange(len(fit)), -fit))
    return _Theme(order=order, fit=fit, eligible=eligible, relaxed=relaxed)


class PlaylistSet:
    """A world's playlists over one scored pool, with edits that keep every rule.

    Build with `PlaylistSet.build(...)`; then `remove`, `replace` and `regenerate`
    change one playlist at a time. Tracks a person removed never come back.
    """

    def __init__(
        self,
        table: ScoreTable,
        profile: TasteProfile,
        intersections: Sequence[Intersection],
        size: int = MAX_PLAYLIST_TRACKS,
        rules: DiversityRules | None = None,
    ) -> None:
        base = rules or DiversityRules()
        self.size = max(1, min(size, base.max_tracks, MAX_PLAYLIST_TRACKS))
        self.rules = DiversityRules(base.max_per_artist, base.max_per_album, base.max_per_genre, self.size)
        self.table = table
        self.profile = profile
        self.intersections = plan_intersections(intersections)
        self.themes = [_theme(it, table, profile, self.size) for it in self.intersections]
        self.playlists = [Playlist(it, filter_relaxed=t.relaxed) for it, t in zip(self.intersections, self.themes, strict=True)]
        self.excluded: set[int] = set()
        self.shown: list[set[int]] = [set() for _ in self.intersections]
        self._rows: list[list[int]] = [[] for _ in self.intersections]

    @classmethod
    def build(
        cls,
        table: ScoreTable,
        profile: TasteProfile,
        intersections: Sequence[Intersection],
        size: int = MAX_PLAYLIST_TRACKS,
        rules: DiversityRules | None = None,
        keep: Sequence[Sequence[str]] | None = None,
    ) -> PlaylistSet:
        """Draft every playlist; `keep[i]` are track ids placed in playlist i first (refresh continuity)."""
        ps = cls(table, profile, intersections, size, rules)
        ps.fill(keep=keep)
        return ps

    def fill(self, keep: Sequence[Sequence[str]] | None = None, avoid: Sequence[str] = ()) -> None:
        """Draft all playlists from their current tracks; `avoid` ids are left out of this world."""
        index = self.table.pool.index
        self.excluded.update(index[t] for t in avoid if t in index)
        self._draft(range(len(self.playlists)), keep=keep)

    def row_of(self, track_id: str) -> int | None:
        return self.table.pool.index.get(track_id)

    # -- internals -------------------------------------------------------------------------
    def _taken(self) -> set[int]:
        return {r for rows in self._rows for r in rows}

    def _sync(self, p: int) -> None:
        theme = self.themes[p]
        self.playlists[p].tracks = [self.table.scored(r) for r in self._rows[p]]
        self.playlists[p].fits = [float(theme.fit[r]) for r in self._rows[p]]
        self.shown[p].update(self._rows[p])

    def _draft(
        self, which: Sequence[int] | range, keep: Sequence[Sequence[str]] | None = None, demote: bool = False
    ) -> None:
        pool = self.table.pool
        cands = pool.candidates
        taken = self._taken()
        which = list(which)
        states = {p: PlaylistDiversity.of((cands[r] for r in self._rows[p]), self.rules) for p in which}
        if keep:
            for p in which:
                for tid in keep[p] if p < len(keep) else ():
                    r = pool.index.get(tid)
                    if r is None or r in taken or r in self.excluded or not states[p].allows(cands[r]):
                        continue
                    states[p].add(cands[r])
                    self._rows[p].append(r)
                    taken.add(r)
        orders = {}
        for p in which:
            order = self.themes[p].order
            if demote and self.shown[p]:
                seen = np.isin(order, np.fromiter(self.shown[p], dtype=np.int64))
                order = np.concatenate([order[~seen], order[seen]])
            orders[p] = order
        pointer = dict.fromkeys(which, 0)
        active = [p for p in which if not states[p].full]
        turn = 0
        while active:
            start = turn % len(active)
            for p in active[start:] + active[:start]:
                order, theme, state = orders[p], self.themes[p], states[p]
                i = pointer[p]
                while i < len(order):
                    r = int(order[i])
                    i += 1
                    if r in taken or r in self.excluded or not theme.eligible[r] or not state.allows(cands[r]):
                        continue  # rules only tighten, so a row refused now is refused for good
                    state.add(cands[r])
                    self._rows[p].append(r)
                    taken.add(r)
                    break
                pointer[p] = i
            active = [p for p in active if not states[p].full and pointer[p] < len(orders[p])]
            turn += 1
        for p in which:
            rows = self._rows[p]
            rows.sort(key=lambda r, f=self.themes[p].fit: -f[r])
            self._sync(p)

    def _row(self, p: int, track_id: str) -> int:
        r = self.table.pool.index.get(track_id)
        if r is None or r not in self._rows[p]:
            raise KeyError(f"{track_id} is not in playlist {self.playlists[p].name!r}")
        return r

    # -- edits -----------------------------------------------------------------------------
    def remove(self, p: int, track_id: str) -> None:
        """Take a track out of playlist `p`; it will not be suggested again in this world."""
        r = self._row(p, track_id)
        self._rows[p].remove(r)
        self.excluded.add(r)
        self._sync(p)

    def replace(self, p: int, track_id: str) -> Scored | None:
        """Swap a track for the best one the rules allow, in the same position; None if the pool is spent."""
        r = self._row(p, track_id)
        pos = self._rows[p].index(r)
        self._rows[p].remove(r)
        self.excluded.add(r)
        cands = self.table.pool.candidates
        state = PlaylistDiversity.of((cands[x] for x in self._rows[p]), self.rules)
        taken = self._taken()
        theme = self.themes[p]
        for x in theme.order:
            x = int(x)
            if x in taken or x in self.excluded or not theme.eligible[x] or not state.allows(cands[x]):
                continue
            self._rows[p].insert(pos, x)
            self._sync(p)
            return self.table.scored(x)
        self._sync(p)
        return None

    def regenerate(self, p: int) -> Playlist:
        """A fresh take on one playlist: tracks it has not shown yet come first; the others stay as they are."""
        self._rows[p] = []
        self._draft([p], demote=True)
        return self.playlists[p]

    def track_lists(self) -> list[list[Candidate]]:
        return [pl.candidates for pl in self.playlists]
