"""The party's HTTP routes: one signed HttpOnly guest id per browser, and demo sounds for members only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel, select
from starlette.testclient import TestClient

from services import party
from services.catalog.generator import seed_catalog
from services.catalog.models import CatalogTrack
from services.db import get_engine, session_scope
from services.party import Identity, TrackRef
from services.party.guest import GUEST_COOKIE, read_guest
from tests.unit.party.conftest import make_user


@pytest.fixture(scope="module")
def catalog(_schema: None) -> Iterator[None]:
    seed_catalog(artists=20)
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def _client() -> TestClient:
    from app.routes import build_api

    return TestClient(build_api())


def test_the_guest_route_sets_one_signed_httponly_cookie_and_keeps_it(catalog: None) -> None:
    client = _client()
    answer = client.get("/api/party/guest", params={"next": "/party/ABCDEF?g=1"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/party/ABCDEF?g=1"
    header = answer.headers["set-cookie"]
    assert header.startswith(GUEST_COOKIE + "=") and "HttpOnly" in header and "SameSite=lax" in header
    key = read_guest(client.cookies[GUEST_COOKIE])
    assert key
    again = client.get("/api/party/guest", params={"next": "/party/ABCDEF"}, follow_redirects=False)
    assert "set-cookie" not in again.headers  # the browser keeps its guest id
    off_site = client.get("/api/party/guest", params={"next": "https://evil.example/"}, follow_redirects=False)
    assert off_site.headers["location"] == "/party"
    client.cookies.clear()
    client.cookies.set(GUEST_COOKIE, f"{key[:-1]}x.0123456789abcdef0123456789abcdef", domain="testserver.local")
    fresh = client.get("/api/party/guest", follow_redirects=False)
    assert read_guest(fresh.cookies[GUEST_COOKIE]) not in (None, key)  # a forged id is replaced


def test_the_demo_sound_is_for_members_and_tracks_of_the_room(catalog: None) -> None:
    with session_scope() as db:
        ids = [row.id for row in db.exec(select(CatalogTrack).limit(2)).all()]
    host = make_user("Hana")
    code = party.create_room(host.user_id or 0, "Clips").code
    party.add_to_queue(code, host, TrackRef(ids[0], "Demo one", duration_ms=60_000))
    client = _client()
    client.get("/api/party/guest", follow_redirects=False)
    key = read_guest(client.cookies[GUEST_COOKIE])
    assert key
    url = f"/api/party/{code}/clip/{ids[0]}.wav"
    assert client.get(url).status_code == 403  # not in the room yet
    party.join_room(code, Identity.guest(key), "Gus")
    answer = client.get(url)
    assert answer.status_code == 200 and answer.headers["content-type"] == "audio/wav" and answer.content[:4] == b"RIFF"
    assert client.get(f"/api/party/{code}/clip/{ids[1]}.wav").status_code == 403  # not played or queued here
    assert client.get(f"/api/party/{code}/clip/..%2Fx.wav").status_code == 404
    assert _client().get(url).status_code == 403  # another browser
