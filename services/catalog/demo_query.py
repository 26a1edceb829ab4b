"""How the demo catalog reads a search query: free words plus Spotify-style field
filters (`genre:"indie rock"`, `artist:x`, `tag:x`, `year:1990-1999`), as SQL conditions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import false, func
from sqlmodel import col

from services.catalog import search_index

_FIELD = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def parse_query(query: str) -> tuple[list[str], dict[str, str]]:
    """Free words plus Spotify-style field filters: genre:"indie rock", artist:x, tag:x, year:1990-1999."""
    words: list[str] = []
    fields: dict[str, str] = {}
    for m in _FIELD.finditer(query.lower()):
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if key in ("genre", "artist", "album", "track", "tag", "year"):
            fields[key] = value.strip()
        else:
            words.extend((m.group(5) or m.group(6) or f"{key}:{value}").split())
    return [w for w in words if w], fields


def years(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def field_conds(fields: dict[str, str], dates: dict[str, dt.date], album_key: Any = None,
                 **columns: Any) -> list[Any]:
    """Conditions for the field filters this type understands; an unknown field matches nothing.

    `year` honours this listener's re-dated fresh releases (`album_key` is the album id column).
    """
    conds: list[Any] = []
    for key, value in fields.items():
        column = columns.get(key)
        if column is None:
            conds.append(false())  # this type has no such field: nothing matches
        elif key == "year":
            span = years(value)
            if span is None:
                conds.append(false())
                continue
            cond = col(column).between(*span)
            if album_key is not None and dates:
                inside = [a for a, d in dates.items() if span[0] <= d <= span[1]]
                cond = (cond & col(album_key).not_in(list(dates))) | col(album_key).in_(inside)
            conds.append(cond)
        else:
            conds.append(func.lower(column).contains(value, autoescape=True))
    return conds


def word_conds(kind: str, seq_column: Any, text_column: Any, words: list[str], fts: bool) -> list[Any]:
    """Every word must match: through the full-text index when there is one, else by substring."""
    if not words:
        return []
    expression = search_index.match_expression(words) if fts else None
    if expression:
        return [col(seq_column).in_(search_index.matching_seqs(kind, expression))]
    return [col(text_column).contains(w, autoescape=True) for w in words]
