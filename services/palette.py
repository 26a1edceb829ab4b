"""Colour palettes as people and models write them ("#2b2d42", "abc"): parsed once, for
every cover the app draws (world playlists, label releases)."""

from __future__ import annotations

import re
from collections.abc import Sequence

RGB = tuple[int, int, int]
DEFAULT_PALETTE: tuple[str, ...] = ("#2b2d42", "#8d5b4c", "#d9a05b", "#f1e3c8")
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_palette(palette: Sequence[str] | None) -> list[RGB]:
    """Valid hex colours from the palette (at least two; the default fills in)."""
    colours: list[RGB] = []
    for value in palette or ():
        m = _HEX.match(str(value).strip())
        if not m:
            continue
        h = m.group(1)
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        colours.append((int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)))
    for fallback in parse_palette(DEFAULT_PALETTE) if len(colours) < 2 and palette != DEFAULT_PALETTE else ():
        if len(colours) >= 2:
            break
        colours.append(fallback)
    return colours
