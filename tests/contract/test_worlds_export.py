"""Saving a world to Spotify (the real spotipy client against the fake Spotify): create
private "{World}: {Playlist}" playlists, replace their items, upload the JPEG cover, and
update the same playlists when saved again; renaming the world renames them, deleting it
can unfollow them (and keeps the world when Spotify refuses)."""

from __future__ import annotations

import pytest

from services.spotify.source import SpotifySource
from services.worlds import repo
from services.worlds.builder import build_for_user
from services.worlds.entries import PlaylistEntry
from services.worlds.export import delete_world_everywhere, export_world, playlist_title, rename_world_everywhere
from services.worlds.library import save_built
from services.worlds.seeds import SeedChoice
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")


def test_world_export_creates_then_updates_spotify_playlists(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source = SpotifySource(user)
    built = build_for_user(user, SeedChoice("history", history_range="recent"), {"sound": ["dusty"]}, {}, source=source)
    assert not built.build.profile.has_features  # live Spotify: meaning, genres and popularity only
    assert "tempo" in built.build.report.missing and built.build.report.genres_known > 0.5  # genres from artists
    world_id, _ = save_built(user, built, cadence="off")
    entries = built.entries()
    before = set(fake_spotify.playlists)

    first = export_world(user, world_id, source=source)
    assert first.ok and first.created == len(entries), first.message()
    made = {pid: fake_spotify.playlists[pid] for pid in set(fake_spotify.playlists) - before}
    assert sorted(p["name"] for p in made.values()) == sorted(playlist_title(built.name, e.name) for e in entries)
    assert all(p["public"] is False for p in made.values())
    saved = repo.load_world(user, world_id)
    assert saved is not None
    for pl in saved.playlists:
        assert pl.external_id in made
        assert fake_spotify.playlist_tracks[pl.external_id] == pl.track_ids
        assert fake_spotify.covers[pl.external_id].startswith(b"\xff\xd8")
        assert len(fake_spotify.covers[pl.external_id]) <= 256 * 1024

    # Edit a playlist, save again: the same playlists are updated, none are created.
    first_pl = saved.playlists[0]
    repo.replace_playlists(user, world_id, [PlaylistEntry(p.name, p.description, p.intersection, p.tracks[1:] if i == 0 else p.tracks)
                                            for i, p in enumerate(saved.playlists)])
    again = export_world(user, world_id, source=source)
    assert again.ok and (again.created, again.updated) == (0, len(entries)), again.message()
    assert set(fake_spotify.playlists) - before == set(made)
    assert fake_spotify.playlist_tracks[first_pl.external_id] == first_pl.track_ids[1:]
    creates = fake_spotify.api_calls(r"/me/playlists", method="POST")
    assert len(creates) == len(entries)


def _exported(fake: FakeSpotify, user: int) -> tuple[SpotifySource, int, list[str]]:
    source = SpotifySource(user)
    built = build_for_user(user, SeedChoice("history", history_range="recent"), {"mood": ["calm"]}, {}, source=source)
    world_id, _ = save_built(user, built, cadence="off")
    assert export_world(user, world_id, source=source).ok
    view = repo.load_world(user, world_id)
    assert view is not None
    return source, world_id, [p.external_id for p in view.playlists]


def test_renaming_a_world_renames_its_spotify_playlists(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source, world_id, ids = _exported(fake_spotify, user)
    result = rename_world_everywhere(user, world_id, "Harbour Lights", source=source)
    assert result.ok and result.done == len(ids), result.message("Renamed")
    view = repo.load_world(user, world_id)
    assert view is not None and view.name == "Harbour Lights"
    for pl in view.playlists:
        assert fake_spotify.playlists[pl.external_id]["name"] == playlist_title("Harbour Lights", pl.name)
    assert len(fake_spotify.api_calls(r"^/v1/playlists/\w+$", method="PUT")) == len(ids)


def test_deleting_a_world_can_unfollow_its_playlists_and_keeps_it_when_spotify_refuses(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source, world_id, ids = _exported(fake_spotify, user)
    fake_spotify.rate_limit(10, retry_after=30)  # Spotify busy for longer than a page waits
    refused = delete_world_everywhere(user, world_id, unfollow=True, source=source)
    assert not refused.ok and "busy" in refused.error
    assert repo.load_world(user, world_id) is not None  # nothing lost
    fake_spotify.rate_limit(0)
    done = delete_world_everywhere(user, world_id, unfollow=True, source=source)
    assert done.ok and done.done == len(ids)
    assert set(ids) <= set(fake_spotify.unfollowed) and not set(ids) & set(fake_spotify.playlists)
    assert repo.load_world(user, world_id) is None


def test_deleting_without_unfollowing_leaves_spotify_alone(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source, world_id, ids = _exported(fake_spotify, user)
    assert delete_world_everywhere(user, world_id, unfollow=False, source=source).ok
    assert set(ids) <= set(fake_spotify.playlists) and fake_spotify.unfollowed == []
