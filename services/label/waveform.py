"""Waveforms for the page: an SVG path drawn from (min, max) peaks, and the peaks of
any project file (stored with beats and takes, decoded on demand for mixes)."""

from __future__ import annotations

from collections.abc import Sequence

from services.label import projects
from services.label.analysis import waveform_peaks
from services.label.audio_io import AudioError, read_audio

WIDTH, HEIGHT = 200, 60


def svg_path(peaks: Sequence[Sequence[float]], width: int = WIDTH, height: int = HEIGHT) -> str:
    """One vertical stroke per bucket in a `0 0 width height` box, centred on the mid
    line; silence still shows a hairline so the player never looks empty."""
    if not peaks:
        return ""
    mid, half = height / 2, height / 2 - 1
    step = width / len(peaks)
    parts = []
    for i, pair in enumerate(peaks):
        lo, hi = (float(pair[0]), float(pair[1])) if len(pair) >= 2 else (0.0, 0.0)
        lo, hi = max(-1.0, min(1.0, lo)), max(-1.0, min(1.0, hi))
        top, bottom = mid - max(hi, 0.0) * half, mid - min(lo, 0.0) * half
        if bottom - top < 0.6:
            top, bottom = mid - 0.3, mid + 0.3
        x = round((i + 0.5) * step, 2)
        parts.append(f"M{x} {round(top, 2)}V{round(bottom, 2)}")
    return "".join(parts)


def asset_peaks(user_id: int, asset_id: int) -> list[list[float]]:
    """The asset's peaks: from its metadata when stored, else decoded now (a short read
    at 22 kHz mono); empty when the file is gone or unreadable."""
    try:
        asset = projects.get_asset(user_id, asset_id)
    except projects.LabelError:
        return []
    stored = asset.meta.get("peaks")
    if stored:
        return [list(p) for p in stored]
    path = projects.asset_path(user_id, asset_id)
    if path is None:
        return []
    try:
        return [list(p) for p in waveform_peaks(read_audio(path, 22050, 1)[:, 0])]
    except AudioError:
        return []
