"""DemoSource as the pages meet it: a believable library, search with paging, writable playlists."""

from __future__ import annotations

import datetime as dt

import pytest

from services.catalog import MusicSource, SourceError, get_source
from services.catalog.demo import DemoSource
from services.catalog.library import FOLLOWED_ARTISTS, delete_demo_library, seed_demo_library
from services.catalog.types import TIME_RANGES
from services.db import utcnow

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture
def source(make_user) -> DemoSource:  # type: ignore[no-untyped-def]
    return DemoSource(make_user())


def test_factory_gives_a_demo_source_that_satisfies_the_interface(make_user) -> None:  # type: ignore[no-untyped-def]
    src = get_source(make_user("Bo"))
    assert isinstance(src, MusicSource) and src.kind == "demo"
    assert src.profile().display_name == "Bo"


def test_library_has_history_tops_playlists_saved_and_follows(source: DemoSource) -> None:
    recent = source.recently_played(50)
    assert len(recent) == 50
    times = [p.played_at for p in recent]
    assert times == sorted(times, reverse=True) and times[0] <= utcnow()
    assert utcnow() - times[-1] < dt.timedelta(days=30)
    for time_range in TIME_RANGES:
        tops = source.top_tracks(time_range, limit=50)
        assert tops.total >= 20 and len({t.id for t in tops.items}) == len(tops.items)
        assert source.top_artists(time_range, limit=20).total >= 20
    assert source.top_tracks("short_term", limit=50).items != source.top_tracks("long_term", limit=50).items
    playlists = source.playlists(limit=50)
    assert playlists.total >= 6 and all(p.track_count > 0 and p.image_url for p in playlists.items)
    assert source.saved_tracks().total >= 50
    assert source.followed_artists().total >= 40


def test_followed_artists_have_releases_in_the_last_four_weeks(source: DemoSource) -> None:
    cutoff = utcnow().date() - dt.timedelta(days=28)
    fresh = []
    page = source.followed_artists(limit=50)
    for artist in page.items:
        albums = source.artist_albums(artist.id, include_groups=("album", "single"), limit=50).items
        fresh += [a for a in albums if a.release_date and a.release_date >= cutoff]
    assert len(fresh) >= 5
    album = source.album(fresh[0].id)
    assert album is not None and album.release_date == fresh[0].release_date
    assert all(t.release_date == album.release_date for t in source.album_tracks(album.id))


def test_library_is_deterministic_per_user_and_seeded_once(make_user) -> None:  # type: ignore[no-untyped-def]
    uid = make_user()
    src = DemoSource(uid)
    first = [t.id for t in src.top_tracks("medium_term", limit=50).items]
    assert seed_demo_library(uid) is False  # already there
    assert [t.id for t in src.top_tracks("medium_term", limit=50).items] == first
    delete_demo_library(uid)
    assert seed_demo_library(uid) is True
    assert [t.id for t in DemoSource(uid).top_tracks("medium_term", limit=50).items] == first
    other = DemoSource(make_user())
    assert [t.id for t in other.top_tracks("medium_term", limit=50).items] != first


def test_followed_artists_cursor_paging_visits_each_once(source: DemoSource) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = source.followed_artists(limit=7, after=cursor)
        seen += [a.id for a in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == page.total == FOLLOWED_ARTISTS


def test_search_matches_every_word_and_pages_without_duplicates(source: DemoSource) -> None:
    first = source.search("rock", types=("track",), limit=10)
    total = first.tracks.total
    assert total > 30
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None and offset < 40:
        page = source.search("rock", types=("track",), limit=10, offset=offset).tracks
        seen += [t.id for t in page.items]
        assert page.total == total
        offset = page.next_offset
    assert len(seen) == len(set(seen)) == 40
    for t in first.tracks.items:
        assert "rock" in t.description().lower()
    pops = [t.popularity for t in first.tracks.items]
    assert pops == sorted(pops, reverse=True)


def test_search_finds_artists_albums_and_honours_field_filters(source: DemoSource) -> None:
    artist = source.top_artists(limit=1).items[0]
    found = source.search(artist.name, types=("artist", "album", "track"), limit=10)
    assert artist.id in [a.id for a in found.artists.items]
    assert found.albums.total > 0 and found.tracks.total > 0
    both = source.search("dreamy", types=("track",), limit=10).tracks.total
    narrowed = source.search('dreamy genre:"indie pop"', types=("track",), limit=10).tracks
    assert 0 < narrowed.total < both
    assert all("indie pop" in t.genres for t in narrowed.items)
    nineties = source.search("year:1990-1999", types=("album",), limit=10).albums.items
    assert nineties and all(1990 <= a.release_date.year <= 1999 for a in nineties if a.release_date)
    assert source.search("zzqx nothing like this", types=("track", "artist")).tracks.total == 0
    assert source.search("   ").tracks.items == []
    with pytest.raises(ValueError):
        source.search("rock", limit=51)


def test_artist_albums_filter_groups_and_page(source: DemoSource) -> None:
    artist = source.followed_artists(limit=1).items[0]
    every = source.artist_albums(artist.id, include_groups=("album", "single", "compilation"), limit=50)
    albums_only = source.artist_albums(artist.id, include_groups=("album",), limit=50)
    assert albums_only.total >= 1 and all(a.album_type == "album" for a in albums_only.items)
    assert every.total >= albums_only.total
    dates = [a.release_date for a in every.items]
    assert dates == sorted(dates, reverse=True)
    tracks = source.album_tracks(albums_only.items[0].id)
    assert len(tracks) == albums_only.items[0].total_tracks
    assert [t.album_id for t in tracks] == [albums_only.items[0].id] * len(tracks)
    assert source.artist("no-such-artist") is None and source.album("no-such-album") is None


def test_audio_features_are_there_for_catalog_tracks(source: DemoSource) -> None:
    tracks = source.top_tracks(limit=5).items
    features = source.audio_features([t.id for t in tracks] + ["unknown"])
    assert features["unknown"] is None
    assert all(features[t.id] is not None and 0 <= features[t.id].energy <= 1 for t in tracks)  # type: ignore[union-attr]


def test_playlists_can_be_created_filled_and_given_a_cover(source: DemoSource) -> None:
    before = source.playlists(limit=50).total
    created = source.create_playlist("Night Drive", "for the road")
    ids = [t.id for t in source.top_tracks(limit=12).items]
    source.replace_playlist_items(created.id, ids)
    assert [t.id for t in source.playlist_items(created.id, limit=50).items] == ids
    source.replace_playlist_items(created.id, ids[:3])
    page = source.playlist_items(created.id, limit=2)
    assert page.total == 3 and page.next_offset == 2
    source.upload_playlist_cover(created.id, JPEG)
    listed = {p.id: p for p in source.playlists(limit=50).items}
    assert source.playlists(limit=50).total == before + 1
    assert listed[created.id].track_count == 3 and listed[created.id].image_url.startswith("data:image/jpeg")


def test_playlist_writes_refuse_bad_input_and_other_peoples_lists(source: DemoSource, make_user) -> None:  # type: ignore[no-untyped-def]
    mine = source.create_playlist("Mine")
    with pytest.raises(SourceError):
        source.replace_playlist_items(mine.id, ["not-a-track"])
    with pytest.raises(SourceError):
        source.upload_playlist_cover(mine.id, b"\x89PNG not a jpeg")
    with pytest.raises(SourceError):
        source.upload_playlist_cover(mine.id, b"\xff\xd8" + b"\x00" * 200_000)
    shared = [p for p in source.playlists(limit=50).items if not p.owned_by_me]
    assert shared, "the library has a playlist that a friend owns"
    with pytest.raises(SourceError):
        source.replace_playlist_items(shared[0].id, [])
    stranger = DemoSource(make_user())
    with pytest.raises(SourceError):
        stranger.playlist_items(mine.id)
    with pytest.raises(SourceError):
        source.create_playlist("   ")


def test_full_text_index_and_plain_scan_agree_on_whole_words(source: DemoSource, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from services.catalog import search_index
    from services.db import get_engine

    assert search_index.available(get_engine()), "seeding builds the SQLite full-text index"
    artist = source.top_artists(limit=1).items[0].name
    queries = ("melancholic", "indie rock", artist, "étude")
    indexed = {q: source.search(q, ("track", "artist", "album"), limit=10) for q in queries}
    monkeypatch.setattr(search_index, "available", lambda engine: False)
    for q in queries:
        scanned = source.search(q, ("track", "artist", "album"), limit=10)
        assert scanned.tracks.total == indexed[q].tracks.total, q
        assert scanned.artists.total == indexed[q].artists.total, q
        assert [t.id for t in scanned.tracks.items] == [t.id for t in indexed[q].tracks.items], q
