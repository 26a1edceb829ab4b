"""The events a person was last shown, kept for a day so "Add to calendar" can serve an
event they have not saved: the `.ics` route finds it here (or among the saved ones),
and never takes the event itself from the browser."""

from __future__ import annotations

from datetime import timedelta

from services.events import cache
from services.events.types import Event

SHOWN_TTL = timedelta(days=1)


def _key(user_id: int) -> str:
    return cache.cache_key("shown", "user", {"user": user_id})


def remember_shown(user_id: int, events: list[Event]) -> None:
    """Replace the person's last shown events (one row per person)."""
    cache.put_cached(_key(user_id), "shown", events, SHOWN_TTL, f"events shown to user {user_id}")


def shown_event(user_id: int, event_id: str) -> Event | None:
    """One event from the person's last search, or None."""
    for event in cache.get_cached(_key(user_id)) or []:
        if event.id == event_id:
            return event
    return None


def calendar_event(user_id: int, event_id: str) -> Event | None:
    """The event behind an "Add to calendar" link: one the person saved or was just shown."""
    from services.events.saved import saved_event

    return saved_event(user_id, event_id) or shown_event(user_id, event_id)
