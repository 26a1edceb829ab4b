"""The daily events refresh: look for new concerts around each person's saved places and
for their artists, remember what was found, and push new matches to open pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlmodel import select

from services import live
from services.db import session_scope
from services.events import cache
from services.events.errors import EventsError, QuotaExhausted
from services.events.finder import SearchRequest, find_events
from services.events.models import EventMatch, SavedEvent, SavedPlace
from services.events.saved import saved_events, saved_places
from services.events.source import EventSource
from services.events.sources import get_sources
from services.events.types import Event
from services.job_results import JobResult
from services.scheduler import every, job

log = logging.getLogger(__name__)

LOOKAHEAD_DAYS = 90
MAX_ARTISTS_PER_USER = 25
ArtistProvider = Callable[[int], list[str]]
UserLister = Callable[[], list[int]]


def _library_artists(user_id: int) -> list[str]:
    from services.events.mine import my_artists

    return my_artists(user_id, limit=MAX_ARTISTS_PER_USER).names


_artist_providers: list[ArtistProvider] = [_library_artists]  # followed, top and library artists
_user_listers: list[UserLister] = []


def register_artist_provider(artists_of: ArtistProvider, users: UserLister | None = None) -> None:
    """Tell the refresh where a person's artists come from (followed, top, library), and
    optionally which people have any; people with saved places or events are always included."""
    if artists_of not in _artist_providers:
        _artist_providers.append(artists_of)
    if users is not None and users not in _user_listers:
        _user_listers.append(users)


def artists_for_user(user_id: int) -> list[str]:
    """The person's artists: every registered provider, then the lineups of saved events."""
    names: list[str] = []
    for provider in _artist_providers:
        try:
            names.extend(provider(user_id))
        except Exception:  # one broken provider must not hide the others
            log.exception("artist provider failed for user %s", user_id)
    for event in saved_events(user_id):
        names.extend(event.lineup[:1])
    seen: set[str] = set()
    return [n for n in names if n and not (n.casefold() in seen or seen.add(n.casefold()))][:MAX_ARTISTS_PER_USER]  # type: ignore[func-returns-value]


def users_to_refresh() -> list[int]:
    """People with saved places or saved events, plus those the providers know about."""
    with session_scope() as db:
        ids = set(db.exec(select(SavedPlace.user_id)).all()) | set(db.exec(select(SavedEvent.user_id)).all())
    for lister in _user_listers:
        try:
            ids.update(lister())
        except Exception:
            log.exception("user lister failed")
    return sorted(ids)


def find_matches(user_id: int, sources: list[EventSource]) -> dict[str, tuple[Event, str]]:
    """Upcoming events for the person: event id -> (event, why it matched)."""
    found: dict[str, tuple[Event, str]] = {}
    today = datetime.now(timezone.utc).date()
    for place in saved_places(user_id):
        result = find_events(SearchRequest(lat=place.lat, lon=place.lon, radius=place.radius_km, unit="km",
                                           start=today, end=today + timedelta(days=LOOKAHEAD_DAYS)), sources=sources)
        for hit in result.found:
            found.setdefault(hit.event.id, (hit.event, f"near {place.name}"))
    now = datetime.now(timezone.utc)
    for name in artists_for_user(user_id):
        for source in sources:
            if source.by_artist:
                for event in source.artist_events(name, now, now + timedelta(days=LOOKAHEAD_DAYS)):
                    found.setdefault(event.id, (event, name))
    return found


def record_new(user_id: int, matches: dict[str, tuple[Event, str]]) -> list[Event]:
    """Store matches not seen before; returns the new ones (one transaction)."""
    if not matches:
        return []
    with session_scope() as db:
        known = set(db.exec(select(EventMatch.event_id).where(EventMatch.user_id == user_id)).all())
        new = [(e, why) for key, (e, why) in matches.items() if key not in known]
        for event, why in new:
            db.add(EventMatch(user_id=user_id, event_id=event.id, reason=why[:200], start=event.start))
    return [e for e, _ in new]


def refresh_user(user_id: int, sources: list[EventSource] | None = None) -> list[Event]:
    """Refresh one person and announce new matches on the "events" topic."""
    new = record_new(user_id, find_matches(user_id, sources if sources is not None else get_sources()))
    if new:
        live.publish_soon(live.Change("events", user_id=user_id, data={
            "new": len(new), "names": [e.name for e in sorted(new, key=lambda e: e.start)[:5]]}))
    return new


@job("events.refresh", "Look for new concerts near saved places and for followed artists", every(hours=24))
def refresh_saved() -> JobResult:
    """Daily: every person with saved places or artists; one failure never stops the rest,
    and each person's outcome is recorded (an exhausted API quota skips the rest, counted)."""
    sources = get_sources()
    result = JobResult()
    announced = 0
    people = users_to_refresh()
    for n, user_id in enumerate(people):
        try:
            announced += len(refresh_user(user_id, sources))
        except QuotaExhausted as exc:
            log.warning("events refresh stopped: %s", exc.message)
            for skipped in people[n:]:
                result.person(skipped).fail(exc.message)
            result.fail(exc.message, len(people) - n)
            break
        except EventsError as exc:
            log.warning("events refresh failed for user %s: %s", user_id, exc.message)
            result.person(user_id).fail(exc.message)
            result.fail(exc.message)
        except Exception:
            log.exception("events refresh failed for user %s", user_id)
            result.person(user_id).fail("an unexpected error")
            result.fail("an unexpected error")
        else:
            result.person(user_id).ok()
            result.ok()
    purged = cache.purge_expired()
    result.summary = (f"{result.done} people refreshed, {announced} new matches, {result.failed} failed, "
                      f"{purged} stale cache entries removed")
    return result


@job("events.tour_alerts", "Mail on-sale and new dates of followed artists (digest subscribers)", every(hours=6))
def send_tour_alerts() -> JobResult:
    """Every 6 hours: each confirmed digest subscriber's new tour dates and sales opening
    this week (`services.events.alerts`); one failure never stops the rest."""
    from services.events.alerts import alert_user, subscribers
    from services.mail import get_mailer

    sources, mailer = get_sources(), get_mailer()
    result = JobResult()
    dates = sales = 0
    people = subscribers()
    for n, (user_id, email) in enumerate(people):
        try:
            run = alert_user(user_id, email, sources, mailer)
        except QuotaExhausted as exc:
            for skipped, _ in people[n:]:
                result.person(skipped).fail(exc.message)
            result.fail(exc.message, len(people) - n)
            break
        except Exception as exc:
            log.exception("tour alerts failed for user %s", user_id)
            reason = getattr(exc, "message", "") or "an unexpected error"
            result.person(user_id).fail(reason)
            result.fail(reason)
            continue
        dates, sales = dates + run.new_dates, sales + run.on_sales
        result.person(user_id).ok()
        result.ok()
    result.summary = f"{result.done} people checked, {dates} new dates and {sales} on-sale dates announced, {result.failed} failed"
    return result
