"""Lettering on covers: title and artist drawn with the bundled fonts (DejaVu Sans
Bold for text in most scripts, Noto Emoji for emoji, Droid Sans Fallback for Chinese
and Japanese, NanumSquare for Korean; the PDF lyrics use the same set), falling back
character by character to any system font that has the glyph, and leaving out what no font can
draw (never an empty box). `drawable()` says what will appear, so the cover check
compares the cover's text with what could be drawn.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from services.config import ROOT

FONT_DIR = ROOT / "assets" / "fonts"
PRIMARY = FONT_DIR / "DejaVuSans-Bold.ttf"
EMOJI = FONT_DIR / "NotoEmoji-Bold.ttf"
CJK = FONT_DIR / "DroidSansFallbackFull.ttf"
HANGUL = FONT_DIR / "NanumSquareR.ttf"
# Extra fonts tried for scripts the bundled ones lack (present on many systems).
SYSTEM_FALLBACKS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
)
_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400))  # joiners, variation selectors, skin tones
_MISSING = chr(0x10FFFF)


def _font_files() -> list[Path]:
    return [p for p in (PRIMARY, EMOJI, CJK, HANGUL, *(Path(f) for f in SYSTEM_FALLBACKS)) if p.is_file()]


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=4096)
def _has_glyph(path: str, ch: str) -> bool:
    """A font has a glyph when drawing it differs from drawing a code point no font has."""
    font = _font(path, 24)
    mask, missing = font.getmask(ch), font.getmask(_MISSING)
    return (mask.size, bytes(mask)) != (missing.size, bytes(missing))


def _font_for(ch: str) -> str | None:
    if ch.isspace():
        return str(PRIMARY)
    for path in _font_files():
        if _has_glyph(str(path), ch):
            return str(path)
    return None


def runs(text: str) -> list[tuple[str, str]]:
    """(font file, text) runs of what can be drawn, in order; undrawable characters,
    joiners and variation selectors are left out."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) in _IGNORABLE or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        path = _font_for(ch)
        if path is None:
            continue
        if out and out[-1][0] == path:
            out[-1] = (path, out[-1][1] + ch)
        else:
            out.append((path, ch))
    return out


def drawable(text: str) -> str:
    """The part of `text` that will appear on a cover (spaces tidied)."""
    return " ".join("".join(t for _, t in runs(text)).split())


def text_width(text: str, size: int) -> float:
    return sum(_font(path, size).getlength(part) for path, part in runs(text))


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, fill: tuple[int, int, int]) -> None:
    """Draw the runs one after another on a shared baseline."""
    x, y = xy
    for path, part in runs(text):
        font = _font(path, size)
        draw.text((x, y + size), part, font=font, fill=fill, anchor="ls")
        x += font.getlength(part)


def draw_credits(img: Image.Image, title: str, artist: str) -> tuple[Image.Image, tuple[str, ...]]:
    """Title and artist in the lower left with a soft shadow; returns the image and the
    text drawn (only what the fonts could draw)."""
    img = img.convert("RGB").copy()
    size = img.width
    draw = ImageDraw.Draw(img)
    margin = size // 12
    title = drawable(title) or "Untitled"
    artist = drawable(artist)
    font_size = size // 10
    while font_size > size // 30 and text_width(title, font_size) > size - 2 * margin:
        font_size = int(font_size * 0.9)
    small = max(12, int(font_size * 0.5))
    mean = np.asarray(img.resize((16, 16))).reshape(-1, 3).mean(axis=0)
    light = (0.2126 * mean[0] + 0.7152 * mean[1] + 0.0722 * mean[2]) / 255 > 0.6
    ink, shade = ((18, 18, 22), (255, 255, 255)) if light else ((250, 248, 244), (0, 0, 0))
    y_artist = size - margin - int(font_size * 0.6)
    y_title = y_artist - int(font_size * 1.2)
    off = max(1, size // 500)
    for (x, y), text, px in (((margin, y_title), title, font_size), ((margin, y_artist), artist, small)):
        if text:
            draw_text(draw, (x + off, y + off), text, px, shade)
            draw_text(draw, (x, y), text, px, ink)
    return img, tuple(t for t in (title, artist) if t)


def allowed_text(title: str, artist: str) -> set[str]:
    """Texts a cover may carry: title and artist as typed and as drawable."""
    return {t for t in (title.strip(), artist.strip(), drawable(title), drawable(artist)) if t}


def same_text(found: Sequence[str], title: str, artist: str) -> list[str]:
    """The texts in `found` other than title and artist."""
    allowed = allowed_text(title, artist)
    return [t for t in found if t.strip() and t.strip() not in allowed]
