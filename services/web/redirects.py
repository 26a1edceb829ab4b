"""Where a person may be sent after signing in: same-origin paths only."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_TARGET = 2000


def safe_next(target: str, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects).

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    `/\\t/evil.example` or `/\\evil.example` would become `//evil.example`, another
    site: any control character, any backslash, a leading `//`, a scheme or a host
    refuses the target.
    """
    if not target or len(target) > MAX_TARGET or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
