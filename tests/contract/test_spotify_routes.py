"""The connect and callback routes, end to end through Starlette against the fake Spotify."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from app.spotify_routes import spotify_callback, spotify_login
from services import accounts, spotify
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, fake_spotify  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def browser(fake_spotify: FakeSpotify) -> TestClient:
    app = Starlette(routes=[Route("/api/spotify/connect", spotify_login), Route("/api/spotify/callback", spotify_callback)])
    return TestClient(app, follow_redirects=False)


def _signed_in(client: TestClient, email: str = "route@example.com") -> int:
    user, token = accounts.sign_up(email, "route pass 123")
    client.cookies.set("sbm_session", token)
    return user.id


def _query(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_connect_then_callback_lands_on_the_account_page_connected(browser: TestClient, fake_spotify: FakeSpotify) -> None:
    user_id = _signed_in(browser)

    start = browser.get("/api/spotify/connect")
    assert start.status_code == 302 and start.headers["location"].startswith(fake_spotify.url + "/authorize")
    back = fake_spotify.authorize(start.headers["location"])
    done = browser.get("/api/spotify/callback", params=back)

    assert done.status_code == 303 and urlsplit(done.headers["location"]).path == "/account"
    assert _query(done.headers["location"]) == {"spotify": "connected"}
    assert spotify.is_connected(user_id)


def test_bad_callbacks_come_back_with_a_readable_error(browser: TestClient, fake_spotify: FakeSpotify) -> None:
    user_id = _signed_in(browser)
    back = fake_spotify.authorize(browser.get("/api/spotify/connect").headers["location"])

    forged = browser.get("/api/spotify/callback", params={"code": back["code"], "state": "nope"})
    denied = browser.get("/api/spotify/callback", params={"error": "access_denied", "state": back["state"]})

    assert _query(forged.headers["location"])["spotify_error"] == "wrong_state"
    assert _query(denied.headers["location"])["spotify_error"] == "declined"
    assert spotify.connection_info(user_id) is None


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_spent(browser: TestClient, fake_spotify: FakeSpotify) -> None:
    for path in ("/api/spotify/connect", "/api/spotify/callback?code=x&state=y"):
        resp = browser.get(path)
        assert resp.status_code == 303 and urlsplit(resp.headers["location"]).path == "/login"
    assert fake_spotify.token_calls() == []
