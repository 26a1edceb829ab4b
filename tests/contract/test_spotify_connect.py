"""Connect, refresh and disconnect with the real authlib and spotipy against a fake Spotify."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from services import spotify
from services.db import session_scope, utcnow
from services.spotify import crypto
from services.spotify.models import RECONNECT_NEEDED, SpotifyAuthRequest, SpotifyCacheItem, SpotifyConnection
from services.spotify.oauth import SCOPES, new_code_verifier
from services.spotify.client import SpotifyClient
from services.spotify.source import SpotifySource
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")


def _connection(user_id: int) -> SpotifyConnection | None:
    with session_scope() as db:
        return db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()


def test_connect_asks_for_every_scope_with_pkce_and_stores_tokens_encrypted(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    url = spotify.start_connect(user)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(fake_spotify.url + "/authorize?")
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert set(query["scope"].split()) == set(SCOPES)
    assert {"ugc-image-upload", "user-follow-read", "user-modify-playback-state"} <= set(SCOPES)

    params = fake_spotify.authorize(url)
    result = spotify.finish_connect(user, params["code"], params["state"])

    assert result.ok and result.display_name == "Fake Listener"
    info = spotify.connection_info(user)
    assert info is not None and info.connected and info.spotify_user_id == "fakelistener"
    [token_call] = fake_spotify.token_calls("authorization_code")
    assert token_call.headers["authorization"].startswith("Basic ")
    assert token_call.form()["code_verifier"]
    issued = next(iter(fake_spotify.access))
    row = _connection(user)
    assert row is not None and issued not in row.access_token_enc and crypto.decrypt(row.access_token_enc) == issued
    assert crypto.decrypt(row.refresh_token_enc) in fake_spotify.refresh


def test_wrong_state_changes_nothing_and_the_real_answer_still_works(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    params = fake_spotify.authorize(spotify.start_connect(user))

    bad = spotify.finish_connect(user, params["code"], "forged-state")

    assert not bad.ok and "wrong state" in bad.message
    assert _connection(user) is None and fake_spotify.token_calls() == []
    assert spotify.finish_connect(user, params["code"], params["state"]).ok


def test_state_of_another_person_is_a_wrong_state(fake_spotify: FakeSpotify) -> None:
    alice, mallory = make_user("alice@example.com"), make_user("mallory@example.com")
    params = fake_spotify.authorize(spotify.start_connect(alice))

    result = spotify.finish_connect(mallory, params["code"], params["state"])

    assert not result.ok and "wrong state" in result.message
    assert _connection(mallory) is None and _connection(alice) is None


def test_missing_code_and_denied_access_explain_and_connect_nothing(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    params = fake_spotify.authorize(spotify.start_connect(user))
    no_code = spotify.finish_connect(user, None, params["state"])
    assert not no_code.ok and "no authorization code" in no_code.message

    fake_spotify.deny = True
    denied = fake_spotify.authorize(spotify.start_connect(user))
    assert denied["error"] == "access_denied"
    result = spotify.finish_connect(user, None, denied["state"], denied["error"])
    assert not result.ok and "declined" in result.message
    assert _connection(user) is None and fake_spotify.token_calls() == []


def test_a_callback_replayed_is_refused_and_keeps_the_connection(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    params = fake_spotify.authorize(spotify.start_connect(user))
    assert spotify.finish_connect(user, params["code"], params["state"]).ok
    before = _connection(user)

    again = spotify.finish_connect(user, params["code"], params["state"])

    assert not again.ok and "already used" in again.message
    after = _connection(user)
    assert after is not None and before is not None and after.access_token_enc == before.access_token_enc
    assert len(fake_spotify.token_calls("authorization_code")) == 1


def test_a_reused_code_under_a_fresh_state_is_refused_by_spotify(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    first = fake_spotify.authorize(spotify.start_connect(user))
    second = fake_spotify.authorize(spotify.start_connect(user))
    assert spotify.finish_connect(user, first["code"], first["state"]).ok

    result = spotify.finish_connect(user, first["code"], second["state"])

    assert not result.ok and "already used or has expired" in result.message


def test_a_wrong_code_verifier_fails_the_pkce_check(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    params = fake_spotify.authorize(spotify.start_connect(user))
    with session_scope() as db:  # as if an attacker swapped in their own verifier
        req = db.exec(select(SpotifyAuthRequest)).one()
        req.code_verifier_enc = crypto.encrypt(new_code_verifier())
        db.add(req)

    result = spotify.finish_connect(user, params["code"], params["state"])

    assert not result.ok and _connection(user) is None
    assert fake_spotify.token_calls("authorization_code")[0].form()["code_verifier"]


def test_token_close_to_expiry_is_refreshed_before_the_call(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)  # a token for an hour
    later = utcnow() + timedelta(minutes=58, seconds=30)  # inside the two-minute refresh window

    SpotifySource(user, SpotifyClient(user, clock=lambda: later)).top_artists()

    [refresh] = fake_spotify.token_calls("refresh_token")
    [top] = fake_spotify.api_calls(r"^/v1/me/top/artists$")  # no 401 and retry
    assert fake_spotify.api.requests.index(refresh) < fake_spotify.api.requests.index(top)


def test_expired_token_gets_one_refresh_and_the_call_succeeds(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    fake_spotify.expire_access_tokens()

    page = SpotifySource(user).top_artists(limit=5)

    assert [a.name for a in page.items][0] == "Artist 001 Lumen"
    assert len(fake_spotify.token_calls("refresh_token")) == 1
    assert len(fake_spotify.api_calls(r"^/v1/me/top/artists$")) == 2  # the 401, then the retry


def test_rotated_refresh_token_is_stored(fake_spotify: FakeSpotify) -> None:
    fake_spotify.rotate_refresh = True
    user = make_user()
    connect(fake_spotify, user)
    fake_spotify.expire_access_tokens()
    SpotifySource(user).profile()
    fake_spotify.expire_access_tokens()

    assert SpotifySource(user).saved_tracks(limit=3).items  # the second refresh uses the rotated token
    assert len(fake_spotify.token_calls("refresh_token")) == 2


def test_revoked_refresh_token_marks_reconnect_needed_and_pages_fall_back(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    fake_spotify.expire_access_tokens()
    fake_spotify.revoke_refresh_tokens()

    with pytest.raises(spotify.ReconnectNeeded) as err:
        SpotifySource(user).profile()

    assert "Reconnect Spotify" in err.value.message
    row = _connection(user)
    assert row is not None and row.status == RECONNECT_NEEDED and row.access_token_enc == row.refresh_token_enc == ""
    assert not spotify.is_connected(user) and spotify.source_for(user) is None
    assert spotify.finish_connect(user, *_codes(fake_spotify, user)).ok  # reconnecting heals it
    assert spotify.is_connected(user)


def _codes(fake: FakeSpotify, user: int) -> tuple[str, str]:
    params = fake.authorize(spotify.start_connect(user))
    return params["code"], params["state"]


def test_disconnect_deletes_tokens_and_every_cached_item(fake_spotify: FakeSpotify) -> None:
    user, other = make_user(), make_user("other@example.com")
    connect(fake_spotify, user)
    connect(fake_spotify, other)
    for who in (user, other):
        src = SpotifySource(who)
        src.top_artists()
        src.artist("art001")
    with session_scope() as db:
        assert len(db.exec(select(SpotifyCacheItem).where(SpotifyCacheItem.user_id == user)).all()) >= 2

    assert spotify.disconnect(user).connected

    with session_scope() as db:
        assert db.exec(select(SpotifyCacheItem).where(SpotifyCacheItem.user_id == user)).all() == []
        assert db.exec(select(SpotifyCacheItem).where(SpotifyCacheItem.user_id == other)).all() != []
    assert _connection(user) is None and spotify.connection_info(user) is None
    assert spotify.source_for(user) is None and spotify.source_for(other) is not None


def test_get_source_picks_spotify_only_for_a_working_connection(fake_spotify: FakeSpotify) -> None:
    pytest.importorskip("services.catalog.demo")
    from services.catalog import get_source

    user, stranger, revoked = make_user(), make_user("stranger@example.com"), make_user("revoked@example.com")
    connect(fake_spotify, user)
    connect(fake_spotify, revoked)
    fake_spotify.revoke_refresh_tokens()
    fake_spotify.expire_access_tokens()
    with pytest.raises(spotify.ReconnectNeeded):
        SpotifySource(revoked).profile()

    assert get_source(user).kind == "spotify"
    assert get_source(stranger).kind == "demo"
    assert get_source(revoked).kind == "demo"


def test_an_authorization_older_than_ten_minutes_has_expired(fake_spotify: FakeSpotify) -> None:
    from datetime import timedelta

    from services.db import utcnow

    user = make_user()
    params = fake_spotify.authorize(spotify.start_connect(user))
    with session_scope() as db:
        req = db.exec(select(SpotifyAuthRequest)).one()
        req.created_at = utcnow() - timedelta(minutes=11)
        db.add(req)

    result = spotify.finish_connect(user, params["code"], params["state"])

    assert not result.ok and "expired" in result.message and _connection(user) is None
    assert fake_spotify.token_calls() == []
