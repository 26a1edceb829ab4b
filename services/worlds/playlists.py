"""A world's playlists drawn from one scored pool, each true to its identity, every rule kept.

Each playlist ranks the pool by its own fit (the shared score, how well a track sits
in the playlist's bands, the tags and families the person asked for) and may only
take tracks of its identity (family, genres, bands). Playlists pick in turns (a
draft, rotating who goes first) so the first one does not take every good track; no
track is in two playlists. Edits (remove, replace, regenerate) keep every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from services.worlds.diversity import MAX_PLAYLIST_TRACKS, DiversityRules, PlaylistDiversity
from services.worlds.identity import Identity
from services.worlds.scoring import Scored, ScoreTable
from services.worlds.signals import TrackSignals, band_fit

DEFAULT_SIZE = 30  # tracks per playlist: a place to stay in, not a dump (the rules allow 50)
BAND_WEIGHT = 0.6  # how much sitting inside the bands counts against the shared score
WIDEN_STEPS = 3  # a playlist short of tracks widens its bands by up to this many steps


@dataclass(slots=True)
class PoolContext:
    """What the engine knows of the pool beyond the scores: signals, a bonus per row, the world's eligibility."""

    signals: TrackSignals
    bonus: np.ndarray  # per row: asked-for tags and families
    eligible: np.ndarray  # per row: keeps the rules and sits in the world's (possibly widened) bands
    widen: float = 0.0  # steps the world's bands were widened by

    @classmethod
    def plain(cls, signals: TrackSignals) -> PoolContext:
        n = len(signals)
        return cls(signals, np.zeros(n), np.ones(n, dtype=bool))


@dataclass(slots=True)
class Playlist:
    """One playlist: its tracks best first, with how well each fits."""

    identity: Identity
    tracks: list[Scored] = field(default_factory=list)
    fits: list[float] = field(default_factory=list)
    widened: float = 0.0

    @property
    def name(self) -> str:
        return self.identity.name

    @property
    def track_ids(self) -> list[str]:
        return [s.track_id for s in self.tracks]

    @property
    def candidates(self) -> list:  # list[Candidate]
        return [s.candidate for s in self.tracks]


@dataclass(slots=True)
class _Theme:
    order: np.ndarray  # rows, best fit first
    fit: np.ndarray  # per row
    eligible: np.ndarray  # bool per row
    widened: float


def _theme(identity: Identity, table: ScoreTable, ctx: PoolContext, size: int) -> _Theme:
    pool = table.pool
    primary = [c.primary_genre for c in pool.candidates]
    fit = table.total + BAND_WEIGHT * band_fit(ctx.signals, dict(identity.bands)) + ctx.bonus
    widen = ctx.widen
    eligible = ctx.eligible & identity.mask(ctx.signals, primary, widen)
    step = 0
    while int(eligible.sum()) < size and step < WIDEN_STEPS and identity.bands:
        step += 1
        eligible = identity.mask(ctx.signals, primary, widen + step)
    order = np.lexsort((np.arange(len(fit)), -fit))
    return _Theme(order=order, fit=fit, eligible=eligible, widened=widen + step)


class PlaylistSet:
    """A world's playlists over one scored pool, with edits that keep every rule.

    Build with `PlaylistSet.build(...)`; then `remove`, `replace` and `regenerate`
    change one playlist at a time. Tracks a person removed never come back.
    """

    def __init__(self, table: ScoreTable, identities: Sequence[Identity], ctx: PoolContext | None = None,
                 size: int = DEFAULT_SIZE, rules: DiversityRules | None = None, demand: int | None = None) -> None:
        """`demand`: rows each playlist should be able to choose from before its bands widen (a
        refresh asks for its size plus the tracks it must leave out)."""
        from services.worlds.signals import track_signals

        base = rules or DiversityRules()
        self.size = max(1, min(size, base.max_tracks, MAX_PLAYLIST_TRACKS))
        self.rules = DiversityRules(base.max_per_artist, base.max_per_album, base.max_per_genre, self.size)
        self.table = table
        self.ctx = ctx or PoolContext.plain(track_signals(table.pool.candidates))
        self.identities = list(identities)
        self.themes = [_theme(it, table, self.ctx, demand or self.size) for it in self.identities]
        self.playlists = [Playlist(it, widened=t.widened) for it, t in zip(self.identities, self.themes, strict=True)]
        self.excluded: set[int] = set()
        self.shown: list[set[int]] = [set() for _ in self.identities]
        self._rows: list[list[int]] = [[] for _ in self.identities]

    @classmethod
    def build(cls, table: ScoreTable, identities: Sequence[Identity], ctx: PoolContext | None = None,
              size: int = DEFAULT_SIZE, rules: DiversityRules | None = None,
              keep: Sequence[Sequence[str]] | None = None) -> PlaylistSet:
        """Draft every playlist; `keep[i]` are track ids placed in playlist i first (refresh continuity)."""
        ps = cls(table, identities, ctx, size, rules)
        ps.fill(keep=keep)
        return ps

    def fill(self, keep: Sequence[Sequence[str]] | None = None, avoid: Sequence[str] = ()) -> None:
        """Draft all playlists from their current tracks; `avoid` ids are left out of this world."""
        index = self.table.pool.index
        self.excluded.update(index[t] for t in avoid if t in index)
        self._draft(range(len(self.playlists)), keep=keep)

    def rename(self, names: Sequence[tuple[str, str]]) -> None:
        """Give the playlists their written names and descriptions (same order)."""
        from dataclasses import replace

        for p, (name, description) in enumerate(names[: len(self.playlists)]):
            ident = replace(self.identities[p], name=name, description=description)
            self.identities[p] = ident
            self.playlists[p].identity = ident

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

    def _draft(self, which: Sequence[int] | range, keep: Sequence[Sequence[str]] | None = None,
               demote: bool = False) -> None:
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
            order = order[self.themes[p].eligible[order]]
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
                order, state = orders[p], states[p]
                i = pointer[p]
                while i < len(order):
                    r = int(order[i])
                    i += 1
                    if r in taken or r in self.excluded or not state.allows(cands[r]):
                        continue  # rules only tighten, so a row refused now is refused for good
                    state.add(cands[r])
                    self._rows[p].append(r)
                    taken.add(r)
                    break
                pointer[p] = i
            active = [p for p in active if not states[p].full and pointer[p] < len(orders[p])]
            turn += 1
        for p in which:
            self._rows[p].sort(key=lambda r, f=self.themes[p].fit: -f[r])
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

    def track_lists(self) -> list[list]:
        return [pl.candidates for pl in self.playlists]
