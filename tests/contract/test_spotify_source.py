"""SpotifySource on the real spotipy against a fake Spotify that follows the 2026 rules."""

from __future__ import annotations

import base64
import io
import re
import threading
import time
from datetime import timezone

import pytest
from PIL import Image

from services import spotify
from services.spotify.source import SpotifySource
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")

REMOVED = re.compile(r"recommendations|audio-features|audio-analysis|related-artists|top-tracks|/browse/"
                     r"|^/v1/(artists|albums|tracks)/?$|^/v1/users/|/playlists/\w+/tracks")


@pytest.fixture
def source(fake_spotify: FakeSpotify) -> SpotifySource:
    user = make_user()
    connect(fake_spotify, user)
    return SpotifySource(user)


def _no_removed_endpoint_called(fake: FakeSpotify) -> None:
    called = [r.path for r in fake.api_calls() if REMOVED.search(r.path)]
    assert called == [], called


def test_library_reads_map_to_plain_objects(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    me = source.profile()
    assert (me.id, me.display_name, me.product) == ("fakelistener", "Fake Listener", "premium")

    recent = source.recently_played()
    assert len(recent) == 50 and recent[0].played_at.tzinfo == timezone.utc
    assert recent[0].played_at > recent[-1].played_at and recent[0].track.album_name

    short = source.top_artists("short_term", limit=10)
    long = source.top_artists("long_term", limit=10)
    assert short.items[0].id != long.items[0].id and short.items[0].image_url.startswith("https://")
    assert short.total == 30 and short.next_offset == 10

    saved = source.saved_tracks(limit=50, offset=50)
    assert [t.id for t in saved.items] == sorted(fake_spotify.tracks)[::5][50:60] and saved.next_offset is None
    _no_removed_endpoint_called(fake_spotify)


def test_offset_paging_walks_the_whole_list(source: SpotifySource) -> None:
    seen, offset = [], 0
    while offset is not None:
        page = source.top_tracks("medium_term", limit=25, offset=offset)
        seen += [t.id for t in page.items]
        offset = page.next_offset
    assert len(seen) == 60 == len(set(seen))


def test_followed_artists_use_cursor_paging(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    names, after, pages = [], None, 0
    while True:
        page = source.followed_artists(limit=20, after=after)
        names += [a.id for a in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert names == fake_spotify.followed_ids and pages == 3
    assert [r.arg("after") for r in fake_spotify.api_calls(r"/me/following")] == [None, "art019", "art039"]


def test_playlists_read_through_items_with_the_2026_item_key(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    playlists = source.playlists()
    mine = [p for p in playlists.items if p.owned_by_me]
    theirs = [p for p in playlists.items if not p.owned_by_me]
    assert len(mine) == 3 and [p.id for p in theirs] == ["theirs0001"]
    first = mine[0]
    assert first.track_count == len(fake_spotify.playlist_tracks[first.id])

    items = source.playlist_items(first.id, limit=10)
    assert [t.id for t in items.items] == fake_spotify.playlist_tracks[first.id][:10]
    assert items.next_offset == 10 and items.items[0].artist_names

    with pytest.raises(spotify.SpotifyForbidden, match="own or collaborate"):
        source.playlist_items("theirs0001")
    assert fake_spotify.api_calls(r"/playlists/\w+/items$")
    _no_removed_endpoint_called(fake_spotify)


def test_search_asks_ten_at_a_time_and_pages(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    result = source.search("glow", types=("track", "artist"), limit=25)

    assert len(result.tracks.items) == 25 and result.tracks.next_offset == 25
    assert result.artists.items == [] and result.albums.items == []
    limits = [int(r.arg("limit") or 0) for r in fake_spotify.api_calls(r"^/v1/search$")]
    assert limits == [10, 10, 5]
    second = source.search("lumen", types=("artist",), limit=10, offset=10)
    assert [a.id for a in second.artists.items] == sorted(fake_spotify.artists)[10:20]


def test_catalog_lookups_one_by_one(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    artist = source.artist("art005")
    assert artist is not None and artist.genres and artist.followers == 6000
    assert source.artist("nobody123") is None

    albums = source.artist_albums("art005", include_groups=("single",))
    assert [a.album_type for a in albums.items] == ["single"] and albums.items[0].release_date is not None

    album = source.album("alb005x0")
    tracks = source.album_tracks("alb005x0")
    assert album is not None and album.total_tracks == 12
    assert len(tracks) == 12 and {t.album_id for t in tracks} == {"alb005x0"} and tracks[0].image_url
    year_only = source.album("alb005x2")
    assert year_only is not None and year_only.release_date is not None and year_only.release_date.year == 2019

    features = source.audio_features([t.id for t in tracks])
    assert set(features) == {t.id for t in tracks} and set(features.values()) == {None}
    _no_removed_endpoint_called(fake_spotify)


def test_writes_create_fill_and_cover_a_playlist(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    before = source.playlists().total
    created = source.create_playlist("Night drive", "made by a world", public=False)
    assert created.owned_by_me and created.name == "Night drive"
    assert fake_spotify.api_calls(r"^/v1/me/playlists$", "POST")

    ids = sorted(fake_spotify.tracks)[:150]
    source.replace_playlist_items(created.id, ids)
    assert fake_spotify.playlist_tracks[created.id] == ids
    assert len(fake_spotify.api_calls(rf"/playlists/{created.id}/items$", "PUT")) == 1
    assert len(fake_spotify.api_calls(rf"/playlists/{created.id}/items$", "POST")) == 1

    big = io.BytesIO()
    Image.effect_noise((900, 900), 90).convert("RGB").save(big, "JPEG", quality=95)
    assert len(base64.b64encode(big.getvalue())) > 256 * 1024  # must be shrunk to fit Spotify's limit
    source.upload_playlist_cover(created.id, big.getvalue())
    assert fake_spotify.covers[created.id].startswith(b"\xff\xd8")

    after = source.playlists()  # the cached list was invalidated by the writes
    assert after.total == before + 1
    assert next(p for p in after.items if p.id == created.id).track_count == 150
    _no_removed_endpoint_called(fake_spotify)


def test_playback_devices_play_queue_skip_pause(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    assert source.playback() is None
    [device] = source.devices()
    assert device.name == "Kitchen speaker" and device.is_active

    source.play("trk001x0x00", device.id)
    now = source.playback()
    assert now is not None and now.is_playing and now.track is not None and now.track.id == "trk001x0x00"

    source.add_to_queue("trk002x0x01")
    source.skip()
    now = source.playback()
    assert now is not None and now.track is not None and now.track.id == "trk002x0x01"
    source.pause()
    now = source.playback()
    assert now is not None and not now.is_playing


def test_rate_limit_waits_for_retry_after_then_succeeds(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    fake_spotify.rate_limit(1, retry_after=1)
    started = time.monotonic()

    page = source.top_artists(limit=5)

    assert page.items and time.monotonic() - started >= 1.0
    assert len(fake_spotify.api_calls(r"^/v1/me/top/artists$")) == 2


def test_a_long_retry_after_fails_fast_with_a_typed_error(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    fake_spotify.rate_limit(5, retry_after=3600)
    started = time.monotonic()

    with pytest.raises(spotify.RateLimited) as err:
        source.saved_tracks()

    assert err.value.retry_after == 3600 and "3600" in err.value.message
    assert time.monotonic() - started < 1.0


def test_rate_limit_retries_are_bounded(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    fake_spotify.rate_limit(10, retry_after=0)
    before = len(fake_spotify.api_calls(r"^/v1/me/?$"))  # the connect flow read the profile once

    with pytest.raises(spotify.RateLimited):
        source.profile()

    assert len(fake_spotify.api_calls(r"^/v1/me/?$")) - before == 4  # first try + 3 retries


def test_one_page_load_asks_spotify_once_per_call(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    fake_spotify.api.requests.clear()
    results = []

    def component() -> None:  # several panels of one page asking for the same list at once
        results.append(SpotifySource(source.user_id).top_artists("short_term", limit=10))

    threads = [threading.Thread(target=component) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    source.top_artists("short_term", limit=10)
    source.artist("art003")
    source.artist("art003")

    assert len(results) == 5 and len({tuple(a.id for a in r.items) for r in results}) == 1
    assert len(fake_spotify.api_calls(r"^/v1/me/top/artists$")) == 1
    assert len(fake_spotify.api_calls(r"^/v1/artists/art003$")) == 1


def test_every_call_stays_within_the_2026_rules(source: SpotifySource, fake_spotify: FakeSpotify) -> None:
    source.profile()
    source.top_tracks()
    source.search("record", types=("album",), limit=20)
    for album in source.artist_albums("art001").items:
        source.album_tracks(album.id)
    source.audio_features(["trk001x0x00"])

    assert all(int(r.arg("limit") or 0) <= 10 for r in fake_spotify.api_calls(r"^/v1/search$"))
    _no_removed_endpoint_called(fake_spotify)
    assert not [r for r in fake_spotify.api_calls() if r.path.startswith("/v1/") and "ids=" in str(r.query)]
