"""Song structure: the sections of a beat (intro, verse, chorus, bridge, outro) on bar
lines, set by the artist or derived from the vocal's length and energy.

A beat follows the song: its sections always cover the vocal (plus the take's offset)
and at most `MAX_SECONDS`. Everything here is pure arithmetic on seconds and bars.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

MAX_SECONDS = 6 * 60.0
MIN_BPM, MAX_BPM = 60.0, 200.0
KINDS = ("intro", "verse", "pre-chorus", "chorus", "bridge", "outro")
# How full each kind of section sounds (0 = sparse, 1 = everything playing).
ENERGY = {"intro": 0.35, "verse": 0.7, "pre-chorus": 0.8, "chorus": 1.0, "bridge": 0.55, "outro": 0.4}


class StructureError(ValueError):
    """Sections the artist typed that cannot be used; the message says why."""


@dataclass(frozen=True)
class Section:
    """One section on the bar grid: `start_bar` counted from 0."""

    kind: str
    start_bar: int
    bars: int

    @property
    def end_bar(self) -> int:
        return self.start_bar + self.bars

    def as_dict(self, bpm: float) -> dict[str, Any]:
        bar = bar_seconds(bpm)
        return {**asdict(self), "start_s": round(self.start_bar * bar, 3), "end_s": round(self.end_bar * bar, 3)}


def bar_seconds(bpm: float) -> float:
    """One 4/4 bar."""
    return 240.0 / bpm


def check_bpm(bpm: float) -> float:
    """Tempo as asked, or a `StructureError` saying the range (never clamped silently)."""
    try:
        value = float(bpm)
    except (TypeError, ValueError):
        raise StructureError("The tempo must be a number of beats per minute, e.g. 92.") from None
    if not math.isfinite(value) or not MIN_BPM <= value <= MAX_BPM:
        raise StructureError(f"A tempo of {value:g} BPM is out of range: choose {MIN_BPM:g} to {MAX_BPM:g} BPM "
                             "(for a half-time feel, pick the faster tempo).")
    return value


def total_seconds(sections: Sequence[Section], bpm: float) -> float:
    return (sections[-1].end_bar if sections else 0) * bar_seconds(bpm)


def _layout(kinds_and_bars: Sequence[tuple[str, int]]) -> list[Section]:
    out: list[Section] = []
    at = 0
    for kind, bars in kinds_and_bars:
        out.append(Section(kind, at, bars))
        at += bars
    return out


_ITEM = re.compile(r"^\s*(?P<kind>[a-z\- ]+?)\s*[:x×*]?\s*(?P<bars>\d+)\s*(?:bars?)?\s*$")


def parse_sections(text: str, bpm: float) -> list[Section]:
    """'intro 4, verse 16, chorus 8, bridge 8, chorus 8, outro 4' (bars) -> sections.
    Refuses unknown kinds, odd bar counts and songs over six minutes, naming the item."""
    items = [part for part in re.split(r"[,;\n]+", (text or "").lower()) if part.strip()]
    if not items:
        raise StructureError("List the sections, e.g. “intro 4, verse 16, chorus 8, outro 4” (bars).")
    layout: list[tuple[str, int]] = []
    for item in items:
        m = _ITEM.match(item)
        kind = (m["kind"].strip().replace(" ", "-") if m else "")
        if not m or kind not in KINDS:
            raise StructureError(f"“{item.strip()}” is not a section: use {', '.join(KINDS)} followed by a number of bars.")
        bars = int(m["bars"])
        if not 1 <= bars <= 64:
            raise StructureError(f"“{item.strip()}”: a section has 1 to 64 bars.")
        layout.append((kind, bars))
    sections = _layout(layout)
    seconds = total_seconds(sections, check_bpm(bpm))
    if seconds > MAX_SECONDS:
        raise StructureError(f"These sections last {seconds / 60:.1f} minutes at {bpm:g} BPM; a beat is 6 minutes at most.")
    return sections


def format_sections(sections: Sequence[Section]) -> str:
    """The text form `parse_sections` reads back."""
    return ", ".join(f"{s.kind} {s.bars}" for s in sections)


def default_sections(seconds: float, bpm: float) -> list[Section]:
    """A pop-song shape for `seconds` of music: intro, verse/chorus pairs, a bridge once
    the song is long enough, a last chorus and an outro; at least `seconds` long."""
    bar = bar_seconds(check_bpm(bpm))
    need = max(1, math.ceil(min(seconds, MAX_SECONDS) / bar))
    if need <= 8:
        return _layout([("intro", 2), ("verse", max(1, need - 2))] if need > 2 else [("verse", need)])
    intro, outro = (4, 4) if need >= 24 else (2, 2)
    body = need - intro - outro
    verse = 16 if body >= 56 else 8
    song = [("verse", verse), ("chorus", 8), ("verse", verse), ("chorus", 8), ("bridge", 8), ("chorus", 8)]
    layout: list[tuple[str, int]] = [("intro", intro)]
    i = 0
    while body > 0:
        kind, bars = song[i] if i < len(song) else (("verse", 8) if (i - len(song)) % 2 == 0 else ("chorus", 8))
        take = min(bars, body)
        layout.append((kind, take))
        body -= take
        i += 1
    layout.append(("outro", outro))
    return _fit(_layout(layout), bpm)


def _fit(sections: list[Section], bpm: float) -> list[Section]:
    """Trim the last sections so the whole never passes six minutes."""
    limit = int(MAX_SECONDS // bar_seconds(bpm))
    out = []
    for s in sections:
        if s.start_bar >= limit:
            break
        out.append(Section(s.kind, s.start_bar, min(s.bars, limit - s.start_bar)))
    return out


def sections_from_vocal(energy: np.ndarray, frame_s: float, vocal_end_s: float, bpm: float) -> list[Section]:
    """Sections that follow a vocal: the song lasts until the vocal ends plus an outro,
    and 8-bar blocks where the vocal is loudest become choruses (the rest verses, one
    quiet block late in the song a bridge). `energy` is the vocal's RMS per frame."""
    bar = bar_seconds(check_bpm(bpm))
    vocal_bars = max(1, math.ceil(min(vocal_end_s, MAX_SECONDS) / bar))
    values = np.asarray(energy, dtype=float)
    per_bar = np.array([
        float(values[int(b * bar / frame_s): max(int((b + 1) * bar / frame_s), int(b * bar / frame_s) + 1)].mean())
        if int(b * bar / frame_s) < len(values) else 0.0
        for b in range(vocal_bars)
    ]) if len(values) else np.zeros(vocal_bars)
    singing = per_bar > 0.2 * (per_bar.max() or 1.0)
    first = int(np.argmax(singing)) if singing.any() else 0
    intro = min(first, 8) if first else 0
    layout: list[tuple[str, int]] = [("intro", intro)] if intro else []
    blocks = list(range(intro, vocal_bars, 8))
    block_energy = [float(per_bar[b:b + 8].mean()) for b in blocks]
    loud = np.quantile(block_energy, 0.66) if block_energy else 0.0
    quiet = np.quantile(block_energy, 0.25) if block_energy else 0.0
    bridge_done = False
    for i, (b, e) in enumerate(zip(blocks, block_energy, strict=True)):
        bars = min(8, vocal_bars - b)
        if len(blocks) >= 4 and e >= loud and e > 0:
            kind = "chorus"
        elif not bridge_done and i >= max(3, int(0.55 * len(blocks))) and e <= quiet and i < len(blocks) - 1:
            kind, bridge_done = "bridge", True
        else:
            kind = "verse"
        if layout and layout[-1][0] == kind and layout[-1][1] + bars <= 16:
            layout[-1] = (kind, layout[-1][1] + bars)
        else:
            layout.append((kind, bars))
    layout.append(("outro", 4 if vocal_bars >= 16 else 2))
    return _fit(_layout(layout), bpm)


def sections_from_meta(stored: Sequence[dict[str, Any]]) -> list[Section]:
    """Sections as kept in a beat's metadata."""
    return [Section(str(s["kind"]), int(s["start_bar"]), int(s["bars"])) for s in stored]
