"""Offline images: generative art drawn with numpy and Pillow from a seed and a palette.

The same seed, palette and style always give the same picture, at any size (covers
are drawn again at full size rather than scaled up). No text is ever drawn.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def render_art(seed: str, colours: Sequence[tuple[int, int, int]], style: int, size: int) -> Image.Image:
    """Local generative art (no text), deterministic for a seed, style 0-2.

    Everything but the grain is soft, so it is drawn at a quarter of the size and scaled
    up; the grain is added at full size so big prints do not look smeared."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    cols = list(colours) or [(30, 30, 40), (200, 160, 90)]
    a, b = np.array(cols[0], np.float32), np.array(cols[-1], np.float32)
    small = max(64, size // 4)
    unit = small / 1000
    yy, xx = np.mgrid[0:small, 0:small].astype(np.float32) / (small - 1)
    if style % 3 == 0:  # soft diagonal gradient
        ramp = (xx + yy) / 2
    elif style % 3 == 1:  # bands
        angle = rng.uniform(0, np.pi)
        ramp = np.floor((np.cos(angle) * xx + np.sin(angle) * yy) * 6) / 6
    else:  # rings around a point
        cx, cy = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)
        ramp = np.clip(np.hypot(xx - cx, yy - cy) * 1.4, 0, 1)
        ramp = (np.sin(ramp * np.pi * rng.randint(3, 7)) + 1) / 4 + ramp / 2
    ramp = np.clip(ramp, 0, 1)[..., None]
    base = Image.fromarray(np.clip(a + ramp * (b - a), 0, 255).astype(np.uint8), "RGB")
    art = base
    for _ in range(rng.randint(3, 6)):
        # Each shape is a blurred mask over a solid colour, so soft edges never darken.
        c = cols[rng.randrange(len(cols))]
        mask = Image.new("L", (small, small), 0)
        d = ImageDraw.Draw(mask)
        r = int(rng.randint(100, 333) * unit)
        x, y = int(rng.randint(0, 1000) * unit), int(rng.randint(0, 1000) * unit)
        if style % 3 == 1:
            d.rectangle((x - r, y - r // 4, x + r, y + r // 4), fill=rng.randint(80, 160))
        elif rng.random() < 0.6:
            d.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(60, 140))
        else:
            d.arc((x - r, y - r, x + r, y + r), rng.randint(0, 180), rng.randint(200, 360), fill=180,
                  width=max(2, int(14 * unit)))
        art = Image.composite(Image.new("RGB", (small, small), c), art, mask.filter(ImageFilter.GaussianBlur(8 * unit)))
    art = art.resize((size, size), Image.Resampling.BICUBIC)
    grain = np.random.default_rng(rng.getrandbits(32)).integers(-4, 5, (size, size, 1), dtype=np.int16)
    pixels = np.asarray(art, dtype=np.int16) + grain
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
