"""The dashboard's library panel as rows: genres, how long ago, track counts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from services.catalog.library_view import ArtistTile, PlaylistTile, library_view
from services.catalog.snapshot import LibrarySnapshot
from services.catalog.types import Artist, PlayedTrack, Playlist, Track

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def test_rows_are_ready_to_show() -> None:
    snap = LibrarySnapshot(
        source_kind="demo", source_label="Demo catalog",
        top_artists=[Artist(id="a", name="Ada", genres=("synthpop", "indie pop", "dream pop"), image_url="i.jpg")],
        recent=[PlayedTrack(Track(id="t", name="Song", artist_names=("Ada", "Bo")), NOW - timedelta(minutes=3)),
                PlayedTrack(Track(id="u", name="Old", artist_names=("Cy",)), NOW - timedelta(days=2))],
        playlists=[Playlist(id="p", name="Road", track_count=1), Playlist(id="q", name="Long", track_count=1200)],
    )
    view = library_view(snap, NOW)
    assert view.is_demo and view.source_label == "Demo catalog" and view.error == ""
    assert view.artists == [ArtistTile("a", "Ada", "i.jpg", "synthpop, indie pop")]
    assert [(r.artist, r.when) for r in view.recent] == [("Ada, Bo", "3 min. ago"), ("Cy", "2 days ago")]
    assert view.playlists[0] == PlaylistTile("p", "Road", "", "1 track") and view.playlists[1].count == "1,200 tracks"
