"""Interested events, saved places, and the daily refresh that announces new matches."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from services import live
from services.accounts.models import User
from services.db import session_scope
from services.events import jobs
from services.events.demo import DemoEventSource
from services.events.errors import UnknownPlace
from services.events.saved import (
    remove_place,
    save_event,
    save_place,
    saved_event,
    saved_event_ids,
    saved_events,
    saved_events_ics,
    saved_places,
    unsave_event,
)
from services.scheduler import load_jobs
from tests.unit.events.helpers import make_event

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]

ARTISTS = [(f"a{i}", f"Act {i}", ("house",)) for i in range(300)]


def _user(email: str) -> int:
    """A person (inserted directly: password hashing is not what these tests are about)."""
    with session_scope() as db:
        user = User(email=email, display_name=email.split("@")[0], password_hash="-")
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id


def test_interested_events_are_per_person_and_come_back_soonest_first() -> None:
    ana, bo = _user("ana@example.com"), _user("bo@example.com")
    from datetime import date

    later = make_event("ticketmaster", "L", day=date(2031, 1, 2))
    sooner = make_event("bandsintown", "S", day=date(2030, 12, 1))
    save_event(ana, later)
    save_event(ana, sooner)
    save_event(ana, sooner)  # twice is still once
    assert [e.id for e in saved_events(ana)] == ["bandsintown:S", "ticketmaster:L"]
    assert saved_event_ids(bo) == set() and saved_event(bo, "ticketmaster:L") is None
    assert saved_event(ana, "ticketmaster:L") == later
    assert "SUMMARY:Neon Harbor live" in saved_events_ics(ana)
    assert unsave_event(ana, "ticketmaster:L") and not unsave_event(ana, "ticketmaster:L")
    assert saved_event_ids(ana) == {"bandsintown:S"}


def test_saved_places_go_through_the_gazetteer() -> None:
    ana = _user("ana@example.com")
    place = save_place(ana, "lisboa", 30)
    assert place.name == "Lisbon, Portugal" and place.radius_km == 30
    with pytest.raises(UnknownPlace):
        save_place(ana, "Atlantis")
    assert [p.name for p in saved_places(ana)] == ["Lisbon, Portugal"]
    assert place.id is not None and remove_place(ana, place.id) and saved_places(ana) == []


@pytest.fixture(autouse=True)
def _no_library_artists(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests give people their artists explicitly (the library provider is tested elsewhere)."""
    monkeypatch.setattr(jobs, "_artist_providers", [])
    monkeypatch.setattr(jobs, "_user_listers", [])


async def test_daily_refresh_announces_new_matches_once() -> None:
    ana = _user("ana@example.com")
    demo = DemoEventSource(artists=lambda: ARTISTS)
    save_place(ana, "Berlin", 30)
    changes: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        changes.append(change)

    live.subscribe("events", listener)
    live.bind_loop(asyncio.get_running_loop())
    first = await asyncio.to_thread(jobs.refresh_user, ana, [demo])
    await asyncio.sleep(0.05)
    assert first and all(e.venue.city == "Berlin" for e in first)
    assert len(changes) == 1 and changes[0].user_id == ana and changes[0].data["new"] == len(first)

    again = await asyncio.to_thread(jobs.refresh_user, ana, [demo])
    await asyncio.sleep(0.05)
    assert again == [] and len(changes) == 1


def test_refresh_follows_the_persons_artists_anywhere() -> None:
    bo = _user("bo@example.com")
    demo = DemoEventSource(artists=lambda: ARTISTS)
    touring = demo.events()[0].lineup[0]
    jobs.register_artist_provider(lambda uid: [touring] if uid == bo else [], users=lambda: [bo])
    assert bo in jobs.users_to_refresh()
    new = jobs.refresh_user(bo, [demo])
    assert new and all(touring in e.lineup for e in new)


def test_the_refresh_is_a_registered_daily_job_that_survives_a_bad_person(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_jobs()["events.refresh"]
    assert spec.trigger.interval == timedelta(days=1)  # type: ignore[attr-defined]
    ana, bo = _user("ana@example.com"), _user("bo@example.com")
    save_place(ana, "Paris")
    save_place(bo, "Madrid")
    calls: list[int] = []

    def flaky(user_id: int, sources: object = None) -> list:
        calls.append(user_id)
        if user_id == ana:
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(jobs, "refresh_user", flaky)
    result = jobs.refresh_saved()
    assert calls == [ana, bo] and "1 people refreshed" in result.summary and "1 failed" in result.summary
    assert result.status == "partial" and result.people[ana].failed == 1 and result.people[bo].done == 1
    assert dict(result.reasons) == {"an unexpected error": 1}
