"""Hard rules applied to candidates: what the person said to avoid never reaches a playlist.

A rule that cannot be checked on a track (no genre, no audio features) keeps the
track out while enough others remain; only when the rules would leave too little for
a world are they loosened, one at a time in a fixed order (overplayed hits first,
artists and genres last), and the result says which, in words for the page.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from services.worlds.intent import Rule
from services.worlds.signals import SIGNAL_INDEX, TrackSignals
from services.worlds.tracks import Candidate

# Fewer candidates than this after the rules cannot make three playlists with one track per artist.
MIN_LEFT = 45
ARTIST_MATCH = 0.88  # difflib ratio for a typed artist name to count as one in the pool


@dataclass(slots=True)
class FilterResult:
    """The candidates the rules keep, and what was done to get there."""

    kept: list[Candidate]
    removed: dict[str, int] = field(default_factory=dict)  # rule label -> tracks it removed
    relaxed: list[str] = field(default_factory=list)  # rule labels loosened because nothing was left
    unknown_kept: int = 0  # tracks kept although a rule could not be checked on them
    unmatched_artists: list[str] = field(default_factory=list)  # typed names no candidate's artist matched
    notes: list[str] = field(default_factory=list)


def fold_name(name: str) -> str:
    """A name compared loosely: no accents or case, "&" read as "and", no leading "the"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = " ".join(text.replace("&", "and").split())
    return text[4:] if text.startswith("the ") else text


def resolve_artists(rules: Sequence[Rule], candidates: Sequence[Candidate]) -> tuple[dict[str, set[str]], list[str]]:
    """Artist rules -> the artist ids they name among the candidates; names that matched nobody."""
    wanted = [r for r in rules if r.kind == "artist"]
    if not wanted:
        return {}, []
    names: dict[str, set[str]] = {}
    for c in candidates:
        for aid, name in zip(c.artist_ids, c.artist_names or (c.artist_name,), strict=False):
            if name:
                names.setdefault(fold_name(name), set()).add(aid)
    ids: dict[str, set[str]] = {}
    unmatched: list[str] = []
    folded = list(names)
    for r in wanted:
        if r.artist_ids:
            ids[r.label] = set(r.artist_ids)
            continue
        key = fold_name(r.artist)
        hit = names.get(key)
        if hit is None:
            close = difflib.get_close_matches(key, folded, n=1, cutoff=ARTIST_MATCH)
            hit = names.get(close[0]) if close else None
        if hit:
            ids[r.label] = set(hit)
        else:
            unmatched.append(r.artist)
    return ids, unmatched


def _rule_mask(rule: Rule, candidates: Sequence[Candidate], signals: TrackSignals,
               artist_ids: dict[str, set[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(breaks the rule, cannot be checked) per candidate."""
    n = len(candidates)
    breaks = np.zeros(n, dtype=bool)
    unknown = np.zeros(n, dtype=bool)
    if rule.kind == "genre" and rule.genre is not None:
        cache: dict[str, bool] = {}
        for i, c in enumerate(candidates):
            if not c.genres:
                unknown[i] = True
                continue
            for g in c.genres:
                hit = cache.get(g)
                if hit is None:
                    hit = cache[g] = rule.genre.covers(g)
                if hit:
                    breaks[i] = True
                    break
    elif rule.kind == "artist":
        blocked = artist_ids.get(rule.label, set())
        if blocked:
            breaks = np.array([any(a in blocked for a in c.artist_ids) for c in candidates], dtype=bool)
    elif rule.kind == "explicit":
        breaks = np.array([c.explicit for c in candidates], dtype=bool)
    elif rule.kind == "popularity":
        breaks = np.array([c.popularity > rule.hi for c in candidates], dtype=bool)
    elif rule.kind == "year":
        years = np.array([c.year for c in candidates])
        unknown = years == 0
        breaks = ~unknown & ((years < rule.lo) | (years > rule.hi))
    elif rule.kind == "signal" and rule.signal in SIGNAL_INDEX:
        col = signals.column(rule.signal)
        unknown = np.isnan(col)
        with np.errstate(invalid="ignore"):
            inside = (col >= rule.lo) & (col <= rule.hi)
        breaks = ~unknown & (inside if rule.outside else ~inside)
    return breaks, unknown


def apply_rules(candidates: Sequence[Candidate], signals: TrackSignals, rules: Sequence[Rule],
                minimum: int = MIN_LEFT) -> FilterResult:
    """Candidates that keep every rule (see the module docstring for the loosening order)."""
    if not rules or not candidates:
        return FilterResult(kept=list(candidates))
    artist_ids, unmatched = resolve_artists(rules, candidates)
    result = FilterResult(kept=[], unmatched_artists=unmatched)
    for name in unmatched:
        result.notes.append(f"No artist called “{name}” came up and it is not a genre we know, "
                            "so we steered away from it by meaning instead.")
    active = [r for r in rules if not (r.kind == "artist" and r.label not in artist_ids)]
    masks = {id(r): _rule_mask(r, candidates, signals, artist_ids) for r in active}
    strict_unknown = True
    while True:
        keep = np.ones(len(candidates), dtype=bool)
        for r in active:
            breaks, unknown = masks[id(r)]
            keep &= ~breaks
            if strict_unknown:
                keep &= ~unknown
        if int(keep.sum()) >= minimum or (not active and not strict_unknown):
            break
        if strict_unknown and any(masks[id(r)][1].any() for r in active):
            strict_unknown = False  # first: keep tracks a rule cannot judge
            continue
        if not active:
            break
        loosest = min(active, key=lambda r: r.relax_order)
        active.remove(loosest)
        result.relaxed.append(loosest.label)
    result.kept = [c for c, k in zip(candidates, keep, strict=True) if k]
    for r in active:
        breaks, unknown = masks[id(r)]
        result.removed[r.label] = int(breaks.sum() + (unknown.sum() if strict_unknown else 0))
    if not strict_unknown and active:
        unknown_any = np.logical_or.reduce([masks[id(r)][1] for r in active])
        result.unknown_kept = int((keep & unknown_any).sum())
        if result.unknown_kept:
            result.notes.append(f"We could not check your exclusions on {result.unknown_kept} tracks (no genre or "
                                "sound data) and kept them, as too little was left otherwise.")
    if result.relaxed:
        quoted = ", ".join(f"“{label}”" for label in result.relaxed)
        result.notes.append(f"Nothing was left after your exclusions, so we relaxed {quoted}.")
    return result
