"""Lyrics as a small, real PDF with selectable text in any script (fpdf2).

A4 pages, the title and artist on top of the first page, section headers in bold,
lines wrapped to the page, as many pages as needed. The text is set in the bundled
DejaVu Sans (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and more); a
character it lacks is taken from the bundled Droid Sans Fallback (Chinese, Japanese),
NanumSquare (Korean Hangul) or Noto Emoji, which are embedded only when the lyrics need them, and only
the glyphs used (subsets), so a Latin-only PDF stays a few tens of KB. A character
no bundled font has is left out rather than printed as "?" or an empty box; joiners
and variation selectors are dropped (the emoji font is monochrome).
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from services.config import ROOT
from services.db import utcnow

FONT_DIR = ROOT / "assets" / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
CJK = FONT_DIR / "DroidSansFallbackFull.ttf"
HANGUL = FONT_DIR / "NanumSquareR.ttf"
EMOJI = FONT_DIR / "NotoEmoji-Bold.ttf"

MARGIN = 56  # points
BODY, HEAD, TITLE = 11, 12, 22
LEADING = 15
_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400))  # joiners, selectors, skin tones

logging.getLogger("fpdf").setLevel(logging.ERROR)  # fpdf2 warns per glyph it substitutes
logging.getLogger("fontTools").setLevel(logging.ERROR)


@lru_cache(maxsize=8)
def _cmap(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def printable(text: str) -> str:
    """`text` as the PDF will print it: NFC, without control characters, joiners and
    variation selectors, and without characters no bundled font can draw."""
    fonts = [_cmap(path) for _, path in _FALLBACKS] + [_cmap(REGULAR)]
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == "\n" or ch == " ":
            out.append(ch)
        elif ord(ch) in _IGNORABLE or unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs"):
            continue
        elif any(ord(ch) in cmap for cmap in fonts):
            out.append(ch)
    return "".join(out)


_FALLBACKS = (("cjk", CJK), ("hangul", HANGUL), ("emoji", EMOJI))


def _fallbacks(text: str) -> list[tuple[str, Path]]:
    """The fallback fonts the text needs, in the order they are tried."""
    body = _cmap(REGULAR)
    needed = {ord(ch) for ch in text if not ch.isspace()} - body
    out = []
    for name, path in _FALLBACKS:
        if needed & _cmap(path):
            out.append((name, path))
            needed -= _cmap(path)
    return out


def _lines(lyrics: str) -> list[tuple[str, int, str]]:
    """(style, size, text) for each line: `[Chorus]` headers in bold."""
    out: list[tuple[str, int, str]] = []
    for raw in lyrics.splitlines():
        text = raw.rstrip()
        if text.startswith("[") and text.endswith("]"):
            out.append(("B", HEAD, text.strip("[]")))
        else:
            out.append(("", BODY, text))
    return out


def _now() -> datetime:
    now = utcnow()
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def lyrics_pdf(title: str, artist: str, lyrics: str) -> bytes:
    """The PDF's bytes."""
    title = printable(title.strip()) or "Untitled"
    artist = printable(artist.strip())
    body = printable(lyrics.strip()) or "(Instrumental: no lyrics)"
    pdf = FPDF(orientation="portrait", unit="pt", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font("body", "", str(REGULAR))
    pdf.add_font("body", "B", str(BOLD))
    fallbacks = _fallbacks(title + artist + body)
    for name, path in fallbacks:
        pdf.add_font(name, "", str(path))
    if fallbacks:
        pdf.set_fallback_fonts([name for name, _ in fallbacks], exact_match=False)
    pdf.set_title(title)
    pdf.set_author(artist)
    pdf.set_producer("Simple Balance Music")
    pdf.set_creation_date(_now())
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("body", "B", TITLE)
    pdf.multi_cell(width, TITLE + 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", HEAD)
    pdf.multi_cell(width, LEADING, artist or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LEADING)
    for style, size, text in _lines(body):
        pdf.set_font("body", style, size)
        pdf.multi_cell(width, LEADING, text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_lyrics_pdf(path: Path, title: str, artist: str, lyrics: str) -> Path:
    path.write_bytes(lyrics_pdf(title, artist, lyrics))
    return path
