"""The demo catalog's query helpers: paging, Spotify-style search syntax, word matching."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from sqlmodel import col

from services.catalog import search_index
from services.catalog.types import Album, Page

MAX_LIMIT = 50
_FIELD = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def split_field(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value else ()


def checked_limit(limit: int) -> int:
    if limit < 1 or limit > MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def page_of(items: list[Any], total: int, offset: int, limit: int) -> Page[Any]:
    more = offset + limit < total
    return Page(items=items, total=total, next_offset=offset + limit if more else None)


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


def year_span(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def word_conditions(kind: str, seq_column: Any, text_column: Any, words: list[str], fts: bool) -> list[Any]:
    """Every word must match: through the full-text index when there is one, else by substring."""
    if not words:
        return []
    expression = search_index.match_expression(words) if fts else None
    if expression:
        return [col(seq_column).in_(search_index.matching_seqs(kind, expression))]
    return [col(text_column).contains(w, autoescape=True) for w in words]


def with_group(album: Album, group: str) -> Album:
    return replace(album, album_group=group)
