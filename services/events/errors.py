"""Errors a person can act on: a bad search, a bad key, a busy or exhausted API."""

from __future__ import annotations


class EventsError(Exception):
    """Base of every events error; `message` is safe to show on the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidSearch(EventsError):
    """The search itself is wrong (radius out of range, dates reversed); `field` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnknownPlace(InvalidSearch):
    """The gazetteer has no such place; `suggestions` are close names to offer instead."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        hint = f" Did you mean {', '.join(suggestions[:3])}?" if suggestions else ""
        super().__init__("place", f"No place called '{query}' was found.{hint}")
        self.query = query
        self.suggestions = suggestions


class SourceError(EventsError):
    """A live event source failed; `source` names it (ticketmaster, bandsintown)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message)
        self.source = source


class InvalidApiKey(SourceError):
    """The source refused our key or app id: a configuration problem, never retried."""

    def __init__(self, source: str, detail: str = "") -> None:
        label = {"ticketmaster": "Ticketmaster API key", "bandsintown": "Bandsintown app id"}.get(source, "API key")
        super().__init__(source, f"The {label} was rejected{': ' + detail if detail else ''}. Check the setting.")


class RateLimited(SourceError):
    """The source (or our own limiter) says slow down; `retry_after` seconds if known."""

    def __init__(self, source: str, retry_after: float | None = None, message: str = "") -> None:
        super().__init__(source, message or f"{source.title()} is busy; try again in a moment.")
        self.retry_after = retry_after


class QuotaExhausted(SourceError):
    """Our daily allowance for the source is used up; resets at midnight UTC."""

    def __init__(self, source: str, limit: int) -> None:
        super().__init__(source, f"Today's {limit} {source.title()} requests are used up; results refresh tomorrow.")
        self.limit = limit
