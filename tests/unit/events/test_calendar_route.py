"""The "Add to calendar" routes: an event the person saved or was just shown, only for
its owner, as a real calendar file; the last shown events are remembered per person."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import quote

import pytest
import time_machine
from starlette.testclient import TestClient

from app.routes import build_api
from services.accounts.models import User
from services.accounts.sessions import create_session
from services.db import session_scope
from services.events import calendar_event, remember_shown, save_event, shown_event
from tests.unit.events.helpers import make_event

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def _two_weeks_before_the_concerts() -> Iterator[None]:
    """`make_event`'s concerts are on 14 June 2030: the person looks two weeks before."""
    with time_machine.travel(datetime(2030, 5, 31, 12, tzinfo=timezone.utc), tick=True):
        yield


def _person(email: str) -> tuple[int, str]:
    with session_scope() as db:
        user = User(email=email, display_name=email.split("@")[0], password_hash="-")
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id, create_session(db, user.id)


def _url(event_id: str) -> str:
    return f"/api/events/{quote(event_id, safe='')}.ics"


def test_shown_events_are_per_person_and_replaced_by_the_next_search() -> None:
    ana, _ = _person("ana@example.com")
    ben, _ = _person("ben@example.com")
    first, second = make_event(ident="1"), make_event(ident="2", venue="Melkweg")
    remember_shown(ana, [first])
    assert shown_event(ana, first.id) == first
    assert shown_event(ben, first.id) is None
    remember_shown(ana, [second])
    assert shown_event(ana, first.id) is None
    assert calendar_event(ana, second.id) == second


def test_one_event_downloads_for_its_owner_only() -> None:
    ana, ana_token = _person("ana@example.com")
    _, ben_token = _person("ben@example.com")
    event = make_event(ident="42", lineup=("Neon Harbor", "Low Tide Club"))
    remember_shown(ana, [event])
    client = TestClient(build_api())

    assert client.get(_url(event.id)).status_code == 401
    client.cookies.set("sbm_session", ben_token)
    assert client.get(_url(event.id)).status_code == 404

    client.cookies.set("sbm_session", ana_token)
    response = client.get(_url(event.id))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert 'filename="2030-06-14-neon-harbor-live.ics"' in response.headers["content-disposition"]
    body = response.text
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Neon Harbor live" in body
    assert "DTSTART:20300614T180000Z" in body  # 20:00 in Amsterdam, summer time


def test_saved_events_download_as_one_calendar() -> None:
    ana, token = _person("ana@example.com")
    save_event(ana, make_event(ident="1"))
    save_event(ana, make_event(ident="2", venue="Melkweg"))
    client = TestClient(build_api())
    client.cookies.set("sbm_session", token)
    response = client.get("/api/events/saved.ics")
    assert response.status_code == 200
    assert response.text.count("BEGIN:VEVENT") == 2
    # A saved event stays downloadable after the person searches elsewhere.
    remember_shown(ana, [])
    assert client.get(_url("ticketmaster:1")).status_code == 200
