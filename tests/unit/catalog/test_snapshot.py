"""The dashboard's library panel content: from the demo source, and a failure shown as a message."""

from __future__ import annotations

from services.catalog import snapshot
from services.catalog.snapshot import library_snapshot


def test_snapshot_has_artists_unique_recent_tracks_and_playlists(make_user) -> None:  # type: ignore[no-untyped-def]
    snap = library_snapshot(make_user(), artists=8, recent=10, playlists=6)
    assert snap.source_kind == "demo" and snap.error == ""
    assert len(snap.top_artists) == 8 and all(a.image_url for a in snap.top_artists)
    ids = [p.track.id for p in snap.recent]
    assert len(ids) == 10 == len(set(ids))
    assert len(snap.playlists) == 6 and all(p.image_url for p in snap.playlists)


def test_a_failing_source_becomes_a_message(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from services.catalog.demo import DemoSource

    class Broken(DemoSource):
        def recently_played(self, limit: int = 50):  # type: ignore[no-untyped-def]
            raise RuntimeError("database went away")

    monkeypatch.setattr(snapshot, "get_source", lambda uid: Broken(uid))
    snap = library_snapshot(make_user())
    assert snap.error and snap.top_artists and snap.playlists == []
