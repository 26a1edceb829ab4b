"""Ids that arrive in URLs and events: digits only, within the database's integer range,
so a malformed or huge id is "not found" instead of a database error."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # PostgreSQL `integer`, the type of every id column


def parse_id(raw: object) -> int | None:
    """The id, or None when `raw` is not a positive id that can exist."""
    text = str(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
