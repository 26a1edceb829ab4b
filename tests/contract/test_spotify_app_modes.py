"""Spotify's rules per app mode, with the real spotipy and authlib against the fake: the
fake refuses what Spotify refuses (a page too large, a removed endpoint, a user not on
the allow-list) and the adapter never asks for it; extended quota lifts the limits."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
import spotipy

from services import spotify
from services.config import get_settings
from services.spotify import rules
from services.spotify.errors import EndpointUnavailable, NotOnAllowList
from services.spotify.source import SpotifySource
from tests.contract.fake_spotify import NOT_REGISTERED, FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def extended(fake_spotify: FakeSpotify) -> Iterator[FakeSpotify]:
    """The app was granted extended quota: the fake and `SPOTIFY_APP_MODE` both say so."""
    fake_spotify.mode = "extended"
    os.environ["SPOTIFY_APP_MODE"] = "extended"
    get_settings.cache_clear()
    try:
        yield fake_spotify
    finally:
        os.environ.pop("SPOTIFY_APP_MODE", None)
        get_settings.cache_clear()


def _raw(fake: FakeSpotify, user: int) -> spotipy.Spotify:
    """spotipy without our adapter, to see what the fake answers to a caller breaking the rules."""
    from services.spotify.connection import access_token

    sp = spotipy.Spotify(auth=access_token(user), requests_session=requests.Session(), retries=0)
    sp.prefix = fake.url + "/v1/"
    return sp


def _prolific(fake: FakeSpotify, count: int) -> None:
    for n in range(count):
        bid = f"mod{n:03d}"
        fake.albums[bid] = {**fake.albums["alb002x0"], "id": bid, "name": f"Prolific {n:03d}", "release_date": f"2025-{1 + n % 12:02d}-10"}


def test_development_mode_refuses_a_page_of_more_than_10_and_the_adapter_never_asks_for_one(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    _prolific(fake_spotify, 40)
    with pytest.raises(spotipy.SpotifyException) as refused:
        _raw(fake_spotify, user).artist_albums("art002", include_groups="album", limit=50)
    assert refused.value.http_status == 400 and "Invalid limit" in str(refused.value.msg)
    before = len(fake_spotify.api_calls(r"/artists/art002/albums"))

    page = SpotifySource(user).artist_albums("art002", include_groups=("album",), limit=35)

    assert len(page.items) == 35 and page.next_offset == 35
    assert [int(r.arg("limit") or 0) for r in fake_spotify.api_calls(r"/artists/art002/albums")[before:]] == [10, 10, 10, 5]
    one_page = SpotifySource(user).artist_albums("art002", include_groups=("album",))  # limit=None: one page
    assert len(one_page.items) == 10 and one_page.next_offset == 10


def test_extended_quota_pages_by_50(extended: FakeSpotify) -> None:
    user = make_user()
    connect(extended, user)
    _prolific(extended, 40)
    page = SpotifySource(user).artist_albums("art002", include_groups=("album",), limit=35)
    assert len(page.items) == 35 and [r.arg("limit") for r in extended.api_calls(r"/artists/art002/albums")] == ["35"]
    assert len(SpotifySource(user).search("glow", limit=25).tracks.items) == 25
    assert [r.arg("limit") for r in extended.api_calls(r"^/v1/search$")] == ["25"]


def test_removed_endpoints_answer_403_and_the_adapter_looks_tracks_up_one_by_one(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    raw = _raw(fake_spotify, user)
    for call in (lambda: raw.tracks(["trk001x0x00"]), lambda: raw.artist_top_tracks("art001"),
                 lambda: raw.audio_features(["trk001x0x00"]), lambda: raw.artist_related_artists("art001")):
        with pytest.raises(spotipy.SpotifyException) as refused:
            call()
        assert refused.value.http_status == 403

    tracks = SpotifySource(user).tracks(["trk001x0x01", "spotify:track:trk002x0x00", "nosuch"])

    assert [t.id for t in tracks] == ["trk001x0x01", "trk002x0x00"]
    paths = [r.path for r in fake_spotify.api_calls(r"^/v1/tracks")]
    assert paths[-3:] == ["/v1/tracks/trk001x0x01", "/v1/tracks/trk002x0x00", "/v1/tracks/nosuch"]


def test_extended_quota_looks_tracks_up_50_at_a_time(extended: FakeSpotify) -> None:
    user = make_user()
    connect(extended, user)
    ids = sorted(extended.tracks)[:60]
    assert [t.id for t in SpotifySource(user).tracks(ids)] == ids
    batches = [r.arg("ids") for r in extended.api_calls(r"^/v1/tracks/?$")]
    assert [len((b or "").split(",")) for b in batches] == [50, 10]


def test_calls_closed_to_this_app_fail_at_once_without_a_request(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source = SpotifySource(user)
    before = len(fake_spotify.api_calls())
    for method in ("recommendations", "audio_features", "artist_top_tracks", "new_releases", "tracks"):
        with pytest.raises(EndpointUnavailable) as err:
            source.client.call(method)
        assert "Spotify" in err.value.message
    assert len(fake_spotify.api_calls()) == before
    assert not rules.available("audio_features", "extended") and rules.available("tracks", "extended")


def test_a_user_not_on_the_allow_list_is_told_what_the_operator_must_do(fake_spotify: FakeSpotify) -> None:
    fake_spotify.allowed_users = {"fakelistener"}
    fake_spotify.login_as = "stranger"
    user = make_user("stranger@example.com")
    params = fake_spotify.authorize(spotify.start_connect(user))

    result = spotify.finish_connect(user, params["code"], params["state"])

    assert not result.ok and spotify.connection_info(user) is None
    assert "development mode" in result.message and "User Management" in result.message and "(at most 5)" in result.message


def test_a_connected_user_removed_from_the_allow_list_gets_the_same_explanation(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    fake_spotify.allowed_users = {"someone-else"}

    with pytest.raises(NotOnAllowList) as err:
        SpotifySource(user).top_artists()

    assert "Developer Dashboard" in err.value.message  # read from Spotify's plain-text 403, not JSON
    with pytest.raises(spotipy.SpotifyException) as raw:
        _raw(fake_spotify, user).me()
    assert raw.value.http_status == 403 and NOT_REGISTERED in str(raw.value.msg)


def test_429_storms_carry_retry_after_and_5xx_bursts_pass(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    raw = _raw(fake_spotify, user)
    fake_spotify.rate_limit_every(2, retry_after=7)
    answers = []
    for _ in range(4):
        try:
            raw.artist("art001")
            answers.append(200)
        except spotipy.SpotifyException as exc:
            answers.append(exc.http_status)
            assert exc.headers.get("Retry-After") == "7"
    assert answers.count(429) == 2
    fake_spotify.rate_limit_every(0)
    fake_spotify.fail_next(1, 503)
    with pytest.raises(spotify.SpotifyUnavailable):
        SpotifySource(user).artist("art003")
    assert SpotifySource(user).artist("art003") is not None  # the burst is over


def test_the_world_builders_tracks_seed_mode_works_through_search(fake_spotify: FakeSpotify) -> None:
    from services.worlds.builder import BuildError, SeedChoice, resolve_seeds

    user = make_user()
    connect(fake_spotify, user)
    source = SpotifySource(user)
    picked = [t.id for t in source.search("glow", limit=12).tracks.items][:5]  # 10 a request, as development mode allows

    seeds = resolve_seeds(source, SeedChoice(kind="tracks", track_ids=tuple(picked)))

    assert [t.id for t in seeds] == picked and all(t.name and t.artist_ids for t in seeds)
    assert {int(r.arg("limit") or 0) for r in fake_spotify.api_calls(r"^/v1/search$")} <= {10, 2}
    with pytest.raises(BuildError, match="could not be found any more"):
        resolve_seeds(source, SeedChoice(kind="tracks", track_ids=("gone1", "gone2", "gone3")))
    assert source.search("no such words anywhere").tracks.items == []
