"""Cover art for a world's playlist: the world's palette, a few soft shapes, the playlist's name.

Drawn with Pillow and seeded by the names, so the same playlist always gets the same
cover. PNG for the page; JPEG of at most 256 KB for Spotify's cover upload.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from services.palette import RGB, parse_palette

SPOTIFY_MAX_BYTES = 256 * 1024
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


def _luminance(c: RGB) -> float:
    return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255.0


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def render_cover(name: str, palette: Sequence[str] | None = None, world: str = "", size: int = 640) -> Image.Image:
    """The cover image (RGB, size x size)."""
    colours = parse_palette(palette)
    rng = random.Random(hashlib.sha256(f"{world}\x00{name}".encode()).digest())
    a, b = colours[0], colours[1 % len(colours)]
    # Diagonal gradient from the first to the second colour, from a corner the name picks,
    # with a little grain so it does not band.
    ramp = np.add.outer(np.arange(size, dtype=np.float32), np.arange(size, dtype=np.float32)) / max(2 * size - 2, 1)
    ramp = np.rot90(ramp, rng.randrange(4))[..., None]
    start, delta = np.array(a, dtype=np.float32), np.array(b, dtype=np.float32) - np.array(a, dtype=np.float32)
    grain = np.random.default_rng(rng.getrandbits(32)).integers(-2, 3, (size, size, 1)).astype(np.float32)
    pixels = np.clip(start + ramp * delta + grain, 0, 255).astype(np.uint8)
    img = Image.fromarray(pixels, "RGB")
    shapes = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(3, 6)):
        c = colours[rng.randrange(len(colours))]
        r = rng.randint(size // 8, size // 2)
        x, y = rng.randint(-r // 2, size), rng.randint(-r // 2, size)
        if rng.random() < 0.6:
            d.ellipse((x - r, y - r, x + r, y + r), fill=(*c, rng.randint(60, 140)))
        else:
            d.arc((x - r, y - r, x + r, y + r), rng.randint(0, 180), rng.randint(200, 360), fill=(*c, 170), width=max(2, size // 60))
    shapes = shapes.filter(ImageFilter.GaussianBlur(size / 90))
    img = Image.alpha_composite(img.convert("RGBA"), shapes).convert("RGB")
    draw = ImageDraw.Draw(img)
    margin = size // 12
    title = name.strip() or "Untitled"
    font_size = size // 8
    while True:
        font = _font(font_size)
        lines = _wrap(draw, title, font, size - 2 * margin)
        widest = max(draw.textlength(line, font=font) for line in lines)
        if (widest <= size - 2 * margin and len(lines) <= 4) or font_size <= size // 24:
            break
        font_size = int(font_size * 0.88)
    line_h = int(font_size * 1.15)
    y = size - margin - line_h * len(lines)
    mean = tuple(int(sum(ch) / len(colours)) for ch in zip(*colours, strict=True))
    ink, shade = ((20, 20, 24), (255, 255, 255)) if _luminance(mean) > 0.6 else ((250, 248, 244), (0, 0, 0))  # type: ignore[arg-type]
    for line in lines:
        draw.text((margin + 2, y + 2), line, font=font, fill=shade)
        draw.text((margin, y), line, font=font, fill=ink)
        y += line_h
    if world.strip():
        small = _font(max(10, size // 26))
        draw.text((margin, margin), world.strip().upper(), font=small, fill=ink)
    return img


@dataclass(frozen=True, slots=True)
class CoverArt:
    png: bytes  # for the page
    jpeg: bytes  # for Spotify, <= 256 KB


def cover_art(
    name: str, palette: Sequence[str] | None = None, world: str = "", page_size: int = 400, spotify_size: int = 640
) -> CoverArt:
    """Both covers from one drawing (the build's cover step)."""
    img = render_cover(name, palette, world, spotify_size)
    page = img if page_size == spotify_size else img.resize((page_size, page_size), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    page.save(buf, format="PNG", compress_level=3)
    return CoverArt(png=buf.getvalue(), jpeg=_fit_jpeg(img, SPOTIFY_MAX_BYTES))


def cover_png(name: str, palette: Sequence[str] | None = None, world: str = "", size: int = 640) -> bytes:
    """PNG bytes for the page."""
    buf = io.BytesIO()
    render_cover(name, palette, world, size).save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def cover_jpeg(
    name: str,
    palette: Sequence[str] | None = None,
    world: str = "",
    size: int = 640,
    max_bytes: int = SPOTIFY_MAX_BYTES,
) -> bytes:
    """Baseline JPEG bytes no larger than `max_bytes` (quality, then size, step down until it fits)."""
    return _fit_jpeg(render_cover(name, palette, world, size), max_bytes)


def _fit_jpeg(img: Image.Image, max_bytes: int) -> bytes:
    while True:
        for quality in (90, 80, 70, 60, 50, 40):
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=quality, optimize=True)
            if buf.tell() <= max_bytes:
                return buf.getvalue()
        if img.width <= 64:
            raise ValueError(f"cannot fit a cover into {max_bytes} bytes")
        img = img.resize((img.width * 3 // 4, img.height * 3 // 4), Image.Resampling.LANCZOS)
