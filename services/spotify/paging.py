"""Offset and cursor paging within Spotify's page sizes (`rules.page_size`).

A caller asks for how many items it wants (`limit`), or for one page of whatever
size suits the endpoint (`limit=None`); these helpers make as many requests as the
page size needs and hand back one Spotify paging object, so `mapping` turns it into
a `Page` whose `next_offset` / `next_cursor` continues where this one stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Json = dict[str, Any]
MAX_ITEMS = 10_000  # a sanity bound: no caller ever needs more in one go


def _wanted(limit: int | None, page_max: int) -> int:
    return page_max if limit is None else max(1, min(int(limit), MAX_ITEMS))


def collect_offset(fetch: Callable[[int, int], Json | None], *, limit: int | None, offset: int, page_max: int) -> Json:
    """Items from `offset` on, `fetch(size, offset)` at most `page_max` at a time."""
    want = _wanted(limit, page_max)
    start = pos = max(0, int(offset))
    items: list[Any] = []
    total, more = 0, False
    while len(items) < want:
        data = fetch(min(page_max, want - len(items)), pos) or {}
        chunk = list(data.get("items") or [])
        items.extend(chunk)
        total = int(data.get("total") or 0)
        more = bool(data.get("next"))
        pos += len(chunk)
        if not more or not chunk:
            break
    return {"items": items, "total": total or len(items), "offset": start, "limit": pos - start,
            "next": "more" if more else None}


def collect_cursor(fetch: Callable[[int, str | None], Json | None], *, limit: int | None, after: str | None,
                   page_max: int) -> Json:
    """Items after the cursor `after`, `fetch(size, after)` at most `page_max` at a time."""
    want = _wanted(limit, page_max)
    items: list[Any] = []
    total, more, cursor = 0, False, after
    while len(items) < want:
        data = fetch(min(page_max, want - len(items)), cursor) or {}
        chunk = list(data.get("items") or [])
        items.extend(chunk)
        total = int(data.get("total") or 0)
        cursor = (data.get("cursors") or {}).get("after")
        more = bool(data.get("next")) and bool(cursor)
        if not more or not chunk:
            break
    return {"items": items, "total": total or len(items), "next": "more" if more else None,
            "cursors": {"after": cursor if more else None}}
