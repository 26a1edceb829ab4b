"""The signals a band can be checked on, per track, and which of them a source really has.

A track's energy, mood, tempo, acoustic feel, vocals and groove come from its audio
features when the source has them (the demo catalog); otherwise energy, mood,
acoustic feel, vocals and groove are *estimated* from its genre's typical sound, and
tempo is unknown (no genre has one tempo). Every value says whether it was measured,
so the page can show what a world was really matched on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.worlds.lexicon import SIGNAL_RANGE, SIGNAL_STEP
from services.worlds.taxonomy import family_of_track, track_sound
from services.worlds.tracks import FEATURE_INDEX, Candidate

SIGNALS: tuple[str, ...] = tuple(SIGNAL_RANGE)
SIGNAL_INDEX: dict[str, int] = {s: i for i, s in enumerate(SIGNALS)}
# Signals a genre estimate can stand in for (tempo varies too much inside a genre).
ESTIMABLE: frozenset[str] = frozenset({"energy", "valence", "acousticness", "instrumentalness", "danceability"})
_STEP = np.array([SIGNAL_STEP[s] for s in SIGNALS])


@dataclass(frozen=True, slots=True)
class TrackSignals:
    """Column-wise signals of a list of candidates (row i = candidate i)."""

    values: np.ndarray  # (n, len(SIGNALS)) float64, NaN where unknown
    measured: np.ndarray  # (n, len(SIGNALS)) bool: from audio features (else estimated or unknown)
    families: list[str]  # family key per row ("" unknown)

    def __len__(self) -> int:
        return len(self.families)

    def column(self, signal: str) -> np.ndarray:
        return self.values[:, SIGNAL_INDEX[signal]]


def track_signals(candidates: Sequence[Candidate]) -> TrackSignals:
    """Measured where audio features exist, estimated from genre where they do not."""
    n = len(candidates)
    values = np.full((n, len(SIGNALS)), np.nan)
    measured = np.zeros((n, len(SIGNALS)), dtype=bool)
    feature_cols = [FEATURE_INDEX[s] for s in SIGNALS]
    families: list[str] = []
    for i, c in enumerate(candidates):
        families.append(family_of_track(c.genres))
        if c.features is not None:
            values[i] = c.features[feature_cols]
            measured[i] = True
            continue
        sound = track_sound(c.genres)
        if sound is not None:
            for s in ESTIMABLE:
                values[i, SIGNAL_INDEX[s]] = getattr(sound, s)
    return TrackSignals(values, measured, families)


def band_mask(signals: TrackSignals, bands: dict[str, tuple[float, float]], widen: float = 0.0) -> np.ndarray:
    """Rows whose every banded signal lies inside its band (widened by `widen` steps); unknown is outside."""
    mask = np.ones(len(signals), dtype=bool)
    for signal, (lo, hi) in bands.items():
        j = SIGNAL_INDEX.get(signal)
        if j is None:
            continue
        col = signals.values[:, j]
        slack = widen * SIGNAL_STEP[signal]
        with np.errstate(invalid="ignore"):
            mask &= (col >= lo - slack) & (col <= hi + slack)
    return mask


def band_fit(signals: TrackSignals, bands: dict[str, tuple[float, float]]) -> np.ndarray:
    """How well each row fits the bands, 0..1: 1 inside every band, falling off a step at a time
    outside; an unknown signal counts as a half fit."""
    n = len(signals)
    fit = np.ones(n)
    for signal, (lo, hi) in bands.items():
        j = SIGNAL_INDEX.get(signal)
        if j is None:
            continue
        col = signals.values[:, j]
        gap = np.maximum(lo - col, 0.0) + np.maximum(col - hi, 0.0)
        part = np.exp(-0.5 * (gap / _STEP[j]) ** 2)
        fit *= np.where(np.isnan(col), 0.5, part)
    return fit


@dataclass(frozen=True, slots=True)
class SignalReport:
    """What a world could be matched on, in words for the page."""

    measured: tuple[str, ...]  # signals from audio features
    estimated: tuple[str, ...]  # signals estimated from genres
    missing: tuple[str, ...]  # asked for, but no track has them
    genres_known: float  # share of tracks with a known family
    others: tuple[str, ...]  # always-there signals (embeddings, explicit flag, popularity)

    def lines(self) -> list[str]:
        from services.worlds.lexicon import SIGNAL_WORDS

        out = []
        if self.measured:
            out.append("Measured from the audio: " + ", ".join(SIGNAL_WORDS[s] for s in self.measured) + ".")
        if self.estimated:
            out.append("Estimated from each track's genre: " + ", ".join(SIGNAL_WORDS[s] for s in self.estimated) + ".")
        out.append(f"Genres known for {round(100 * self.genres_known)}% of the tracks.")
        out.append("Also used: " + ", ".join(self.others) + ".")
        if self.missing:
            out.append("Not available from this source: " + ", ".join(SIGNAL_WORDS[s] for s in self.missing) + ".")
        return out

    def to_dict(self) -> dict:
        return {"measured": list(self.measured), "estimated": list(self.estimated), "missing": list(self.missing),
                "genres_known": self.genres_known, "others": list(self.others)}

    @classmethod
    def from_dict(cls, data: dict) -> SignalReport:
        return cls(tuple(data.get("measured") or ()), tuple(data.get("estimated") or ()),
                   tuple(data.get("missing") or ()), float(data.get("genres_known") or 0), tuple(data.get("others") or ()))


def signal_report(signals: TrackSignals, asked: Sequence[str]) -> SignalReport:
    """Which signals the tracks of a world carry; `asked` are the signals the answers banded."""
    n = max(len(signals), 1)
    measured_cols = signals.measured.mean(axis=0) if len(signals) else np.zeros(len(SIGNALS))
    known_cols = (~np.isnan(signals.values)).mean(axis=0) if len(signals) else np.zeros(len(SIGNALS))
    measured = tuple(s for s in SIGNALS if measured_cols[SIGNAL_INDEX[s]] >= 0.5)
    estimated = tuple(s for s in SIGNALS if s not in measured and known_cols[SIGNAL_INDEX[s]] >= 0.5)
    missing = tuple(s for s in SIGNALS if s not in measured and s not in estimated)
    missing = tuple(s for s in missing if s in asked) or tuple(s for s in missing if s == "tempo")
    return SignalReport(
        measured=measured, estimated=estimated, missing=missing,
        genres_known=sum(1 for f in signals.families if f) / n,
        others=("meaning of names, genres and tags (local embeddings)", "explicit flag", "popularity"),
    )
