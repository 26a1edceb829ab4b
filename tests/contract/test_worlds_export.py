"""Saving a world to Spotify (the real spotipy client against the fake Spotify): create
private "{World}: {Playlist}" playlists, replace their items, upload the JPEG cover, and
update the same playlists when saved again."""

from __future__ import annotations

import pytest

from services.spotify.source import SpotifySource
from services.worlds import repo
from services.worlds.builder import SeedChoice, build_for_user
from services.worlds.export import export_world, playlist_title
from services.worlds.library import save_built
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")


def test_world_export_creates_then_updates_spotify_playlists(fake_spotify: FakeSpotify) -> None:
    user = make_user()
    connect(fake_spotify, user)
    source = SpotifySource(user)
    built = build_for_user(user, SeedChoice("history", history_range="recent"), {"texture": ["warm analog"]}, {}, source=source)
    assert not built.build.profile.has_features  # live Spotify: meaning, genres and popularity only
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
    repo.replace_playlists(user, world_id, [repo.PlaylistEntry(p.name, p.description, p.intersection, p.tracks[1:] if i == 0 else p.tracks)
                                            for i, p in enumerate(saved.playlists)])
    again = export_world(user, world_id, source=source)
    assert again.ok and (again.created, again.updated) == (0, len(entries)), again.message()
    assert set(fake_spotify.playlists) - before == set(made)
    assert fake_spotify.playlist_tracks[first_pl.external_id] == first_pl.track_ids[1:]
    creates = fake_spotify.api_calls(r"/me/playlists", method="POST")
    assert len(creates) == len(entries)
