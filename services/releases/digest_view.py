"""How the digest panel and the outbox page write things: times on the person's clock,
the links of a mail's text part, and a mail's HTML made safe to preview in a frame."""

from __future__ import annotations

import datetime as dt
import re

from services.releases.schedule import ScheduleError, zone as zone_named

_LINK_RE = re.compile(r"https?://[^\s<>\"']+")


def when_text(value: dt.datetime | None, zone: str) -> str:
    """"Fri 21 Nov 2026, 09:00 Europe/Berlin" ("" for no time; UTC's clock for an unknown zone)."""
    if value is None:
        return ""
    try:
        local = value.astimezone(zone_named(zone))
    except ScheduleError:
        local = value
    return local.strftime("%a %d %b %Y, %H:%M ") + (zone or "UTC")


def mail_links(text: str) -> list[str]:
    """Every link of a text part once, in order (the outbox shows them as buttons)."""
    seen: list[str] = []
    for link in _LINK_RE.findall(text or ""):
        link = link.rstrip(".,;)")
        if link not in seen:
            seen.append(link)
    return seen


def preview_html(body: str) -> str:
    """Links inside the preview open in a new tab (the iframe itself navigates nowhere)."""
    base = '<base target="_blank">'
    if "<head>" in body:
        return body.replace("<head>", "<head>" + base, 1)
    return body.replace("<html>", "<html><head>" + base + "</head>", 1) if "<html>" in body else base + body
