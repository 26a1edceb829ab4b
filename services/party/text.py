"""Cleaning what people type: plain text only, no control or direction-override characters.

Text is stored as plain text; the page escapes it when showing it (Reflex text
components never interpret HTML), so markup characters are kept as typed.
"""

from __future__ import annotations

import re
import unicodedata

# Direction overrides and isolates can make a line read differently than it is.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")


def clean_text(raw: str, keep_newlines: bool = True) -> str:
    """Drop control and bidi characters, tidy whitespace, strip the ends."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if keep_newlines else " ")
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    text = "".join(out)
    text = _BLANK_LINES.sub("\n\n", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return text.strip()


def clean_name(raw: str, limit: int = 40) -> str:
    """A one-line display name, at most `limit` characters."""
    return clean_text(raw, keep_newlines=False)[:limit].strip()
