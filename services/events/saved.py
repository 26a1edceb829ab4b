"""A person's "interested" events and saved places (per user, one unit of work per call)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from services.db import session_scope, utcnow
from services.events.errors import InvalidSearch, UnknownPlace
from services.events.gazetteer import find_place, suggest_places
from services.events.geo import RADIUS_LIMITS_KM
from services.events.ics import calendar
from services.events.models import SavedEvent, SavedPlace
from services.events.types import Event


def save_event(user_id: int, event: Event) -> None:
    """Mark an event "interested" (idempotent; refreshes the stored snapshot)."""
    payload = event.model_dump_json()
    with session_scope() as db:
        row = db.exec(select(SavedEvent).where(SavedEvent.user_id == user_id, SavedEvent.event_id == event.id)).first()
        if row is None:
            row = SavedEvent(user_id=user_id, event_id=event.id, start=event.start, payload=payload)
        row.payload, row.start = payload, event.start
        db.add(row)


def unsave_event(user_id: int, event_id: str) -> bool:
    """Forget an "interested" mark; True when there was one."""
    with session_scope() as db:
        result = db.exec(delete(SavedEvent).where(col(SavedEvent.user_id) == user_id, col(SavedEvent.event_id) == event_id))  # type: ignore[call-overload]
        return bool(result.rowcount)


def saved_events(user_id: int, upcoming_only: bool = True) -> list[Event]:
    """The person's saved events, soonest first (past ones left out unless asked)."""
    with session_scope() as db:
        query = select(SavedEvent).where(SavedEvent.user_id == user_id).order_by(col(SavedEvent.start), col(SavedEvent.id))
        rows = db.exec(query).all()
    now = utcnow()
    events = [Event.model_validate_json(r.payload) for r in rows]
    return [e for e in events if not upcoming_only or e.start >= now]


def saved_event_ids(user_id: int) -> set[str]:
    """Ids of the saved events, to draw the "interested" toggles."""
    with session_scope() as db:
        return set(db.exec(select(SavedEvent.event_id).where(SavedEvent.user_id == user_id)).all())


def saved_event(user_id: int, event_id: str) -> Event | None:
    """One saved event of this person (never another person's)."""
    with session_scope() as db:
        row = db.exec(select(SavedEvent).where(SavedEvent.user_id == user_id, SavedEvent.event_id == event_id)).first()
        return Event.model_validate_json(row.payload) if row else None


def saved_events_ics(user_id: int) -> str:
    """Every upcoming saved event as one calendar file."""
    return calendar(saved_events(user_id), name="My concerts")


def save_place(user_id: int, query: str, radius_km: float = 50.0) -> SavedPlace:
    """Remember a place (resolved through the gazetteer) for the daily new-events check."""
    place = find_place(query)
    if place is None:
        raise UnknownPlace(query, suggest_places(query))
    low, high = RADIUS_LIMITS_KM
    if not low <= radius_km <= high:
        raise InvalidSearch("radius", f"Radius must be between {low:g} and {high:g} km.")
    with session_scope() as db:
        row = db.exec(select(SavedPlace).where(SavedPlace.user_id == user_id, SavedPlace.name == place.label)).first()
        row = row or SavedPlace(user_id=user_id, name=place.label, lat=place.lat, lon=place.lon)
        row.radius_km = radius_km
        db.add(row)
        try:
            db.flush()
        except IntegrityError as exc:  # the same place saved twice at once
            raise InvalidSearch("place", "That place is already saved.") from exc
        db.refresh(row)
        return row


def saved_places(user_id: int) -> list[SavedPlace]:
    """The person's saved places, oldest first."""
    with session_scope() as db:
        return list(db.exec(select(SavedPlace).where(SavedPlace.user_id == user_id).order_by(col(SavedPlace.id))).all())


def remove_place(user_id: int, place_id: int) -> bool:
    """Forget a saved place of this person; True when it existed."""
    with session_scope() as db:
        result = db.exec(delete(SavedPlace).where(col(SavedPlace.user_id) == user_id, col(SavedPlace.id) == place_id))  # type: ignore[call-overload]
        return bool(result.rowcount)

