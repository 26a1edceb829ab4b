"""Vocal takes of a project: list, rename, delete, choose one for the whole song or one
per section of the beat, and place each on the beat's timeline (offset detection
plus a nudge). Only chosen takes are mixed (`mix_plan`).

A take's `offset_s` is where its first sample lands on the beat (negative: its
start is cut, e.g. a count-in). `sections` lists the beat's section indexes the take
sings; a section with no take of its own gets the whole-song take (`chosen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.label import projects
from services.label.analysis import ANALYSIS_RATE
from services.label.audio_io import read_audio

MAX_OFFSET_S = 30.0


@dataclass(frozen=True)
class TakePlacement:
    """One take as the mix uses it: file, offset and when it sings (None: throughout)."""

    path: Path
    offset_s: float
    windows: tuple[tuple[float, float], ...] | None


def _take(user_id: int, take_id: int) -> projects.AssetInfo:
    take = projects.get_asset(user_id, take_id)
    if take.kind != "vocal":
        raise projects.LabelError("That file is not a vocal take.")
    return take


def rename_take(user_id: int, take_id: int, name: str) -> projects.AssetInfo:
    _take(user_id, take_id)
    return projects.update_asset_meta(user_id, take_id, label=name)


def choose_take(user_id: int, take_id: int) -> None:
    """This take sings the whole song (where no section has a take of its own)."""
    take = _take(user_id, take_id)
    for other in projects.list_assets(user_id, take.project_id, "vocal"):
        if other.meta.get("chosen") != (other.id == take_id):
            projects.update_asset_meta(user_id, other.id, chosen=other.id == take_id)


def unchoose_take(user_id: int, take_id: int) -> None:
    _take(user_id, take_id)
    projects.update_asset_meta(user_id, take_id, chosen=False, sections=[])


def set_take_sections(user_id: int, take_id: int, sections: list[int]) -> None:
    """This take sings these sections of the current beat (each section has one take:
    it is taken from any other take that had it)."""
    take = _take(user_id, take_id)
    beat = current_beat(user_id, take.project_id)
    count = len((beat.meta.get("sections") if beat else None) or [])
    wanted = sorted({int(i) for i in sections})
    if any(i < 0 or i >= count for i in wanted):
        raise projects.LabelError("That section is not part of the current beat; make or choose the beat first.")
    for other in projects.list_assets(user_id, take.project_id, "vocal"):
        if other.id != take_id and set(other.meta.get("sections") or []) & set(wanted):
            keep = [i for i in other.meta.get("sections") or [] if i not in wanted]
            projects.update_asset_meta(user_id, other.id, sections=keep)
    projects.update_asset_meta(user_id, take_id, sections=wanted)


def nudge_take(user_id: int, take_id: int, offset_s: float) -> projects.AssetInfo:
    """Place the take at `offset_s` on the beat (answered when out of range)."""
    _take(user_id, take_id)
    try:
        value = float(offset_s)
    except (TypeError, ValueError):
        raise projects.LabelError("The offset must be a number of seconds, e.g. -0.25.") from None
    if not -MAX_OFFSET_S <= value <= MAX_OFFSET_S:
        raise projects.LabelError(f"An offset of {value:g} s is out of range: use -{MAX_OFFSET_S:g} to {MAX_OFFSET_S:g} s.")
    return projects.update_asset_meta(user_id, take_id, offset_s=round(value, 3))


def current_beat(user_id: int, project_id: int) -> projects.AssetInfo | None:
    """The beat the next mix uses: the chosen version, else the newest."""
    project = projects.get_project(user_id, project_id)
    beats = projects.list_assets(user_id, project_id, "beat")
    wanted = int(project.data.get("beat_asset_id") or 0)
    return next((b for b in beats if b.id == wanted), beats[0] if beats else None)


@dataclass(frozen=True)
class Alignment:
    offset_s: float
    confidence: float  # the peak over the correlation's spread; below 10 means no clear match (noise or a voice alone reach 5-8)

    @property
    def clear(self) -> bool:
        return self.confidence >= 10.0


def detect_offset(beat: np.ndarray, take: np.ndarray, sample_rate: int = ANALYSIS_RATE,
                  max_offset_s: float = 8.0) -> Alignment:
    """Where the take sits on the beat, from the beat heard in the take (headphone bleed
    or a bounce): the generalised cross-correlation with phase transform (GCC-PHAT)
    peaks sharply at the delay of a copy, whatever else is sung over it. A take with
    no trace of the beat has no clear peak, and says so."""
    a = np.asarray(beat, np.float64)
    b = np.asarray(take, np.float64)
    if not a.any() or not b.any():
        return Alignment(0.0, 0.0)
    n = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    cross = np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n))
    corr = np.fft.irfft(cross / (np.abs(cross) + 1e-12), n)
    span = int(max_offset_s * sample_rate)
    lags = np.concatenate([np.arange(0, span + 1), np.arange(-span, 0)])
    values = np.concatenate([corr[: span + 1], corr[-span:]])
    best = int(np.argmax(values))
    confidence = float(values[best] / (np.std(values) or 1.0))
    return Alignment(round(float(lags[best]) / sample_rate, 3), round(confidence, 1))


def align_take(user_id: int, take_id: int) -> tuple[projects.AssetInfo, Alignment]:
    """Detect the take's offset against the current beat and store it when the match is
    clear; otherwise keep the offset and say so (the artist nudges by ear)."""
    take = _take(user_id, take_id)
    beat = current_beat(user_id, take.project_id)
    beat_path = projects.asset_path(user_id, beat.id) if beat else None
    take_path = projects.asset_path(user_id, take_id)
    if beat_path is None or take_path is None:
        raise projects.LabelError("Make a beat first: a take is aligned to the beat.")
    window = 60.0
    found = detect_offset(read_audio(beat_path, ANALYSIS_RATE, 1, max_seconds=window)[:, 0],
                          read_audio(take_path, ANALYSIS_RATE, 1, max_seconds=window)[:, 0])
    if found.clear:
        take = projects.update_asset_meta(user_id, take_id, offset_s=found.offset_s, aligned=True)
    return take, found


def mix_plan(user_id: int, project_id: int) -> list[TakePlacement]:
    """The chosen takes with offsets and the windows (on the beat's timeline) they sing."""
    beat = current_beat(user_id, project_id)
    sections = (beat.meta.get("sections") if beat else None) or []
    takes = projects.list_assets(user_id, project_id, "vocal")
    claimed = {i for t in takes for i in (t.meta.get("sections") or [])}
    out: list[TakePlacement] = []
    for t in takes:
        path = projects.asset_path(user_id, t.id)
        own = [i for i in (t.meta.get("sections") or []) if i < len(sections)]
        if path is None or not (t.meta.get("chosen") or own):
            continue
        if not claimed:
            windows = None
        else:
            idx = sorted(set(own) | ({i for i in range(len(sections)) if i not in claimed} if t.meta.get("chosen") else set()))
            windows = tuple((float(sections[i]["start_s"]), float(sections[i]["end_s"])) for i in idx)
            if not windows:
                continue
        out.append(TakePlacement(path, float(t.meta.get("offset_s") or 0.0), windows))
    return out
