"""Token encryption and the tolerant reading of Spotify's JSON shapes."""

from __future__ import annotations

import datetime as dt

import pytest

from services.config import get_settings
from services.spotify import crypto, mapping


def test_tokens_round_trip_and_never_appear_in_the_ciphertext() -> None:
    cipher = crypto.encrypt("BQD-secret-access-token")
    assert "secret" not in cipher and crypto.decrypt(cipher) == "BQD-secret-access-token"
    assert crypto.encrypt("same") != crypto.encrypt("same")  # Fernet is randomised
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_a_changed_secret_key_cannot_read_old_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    cipher = crypto.encrypt("refresh-me")
    monkeypatch.setenv("SECRET_KEY", "a-completely-different-secret")
    get_settings.cache_clear()
    try:
        assert crypto.decrypt(cipher) == ""
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert crypto.decrypt(cipher) == "refresh-me"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2021-05-17", dt.date(2021, 5, 17)), ("2021-05", dt.date(2021, 5, 1)), ("1987", dt.date(1987, 1, 1)),
     ("0000", None), ("", None), (None, None)],
)
def test_release_dates_of_every_precision(raw: str | None, expected: dt.date | None) -> None:
    assert mapping.release_date(raw) == expected


def test_playlist_entries_read_item_then_track_and_skip_episodes_and_gaps() -> None:
    song = {"id": "t1", "type": "track", "name": "One", "artists": [{"id": "a1", "name": "A"}]}
    episode = {"id": "e1", "type": "episode", "name": "Talk"}
    assert mapping.entry_track({"item": song}) == song
    assert mapping.entry_track({"track": song}) == song
    assert mapping.entry_track({"item": episode}) is None
    assert mapping.entry_track({"item": None, "track": None}) is None
    page = mapping.offset_page({"items": [{"item": song}, {"item": None}, {"item": episode}], "limit": 3,
                                "offset": 0, "total": 3, "next": None},
                               lambda e: mapping.track(mapping.entry_track(e)) if mapping.entry_track(e) else None, 0)
    assert [t.id for t in page.items] == ["t1"] and page.next_offset is None


def test_playlist_size_and_ownership_in_old_and_new_shapes() -> None:
    new = mapping.playlist({"id": "p1", "name": "N", "owner": {"id": "me"}, "items": {"total": 7}}, "me")
    old = mapping.playlist({"id": "p2", "name": "O", "owner": {"id": "you"}, "tracks": {"total": 3}}, "me")
    shared = mapping.playlist({"id": "p3", "name": "S", "owner": {"id": "you"}, "collaborative": True}, "me")
    assert (new.track_count, new.owned_by_me) == (7, True)
    assert (old.track_count, old.owned_by_me) == (3, False)
    assert shared.owned_by_me and shared.track_count == 0


def test_cursor_page_ends_when_spotify_has_no_next() -> None:
    artist = {"id": "a1", "name": "A", "followers": {"total": 5}}
    more = mapping.cursor_page({"items": [artist], "next": "http://x", "cursors": {"after": "a1"}, "total": 2}, mapping.artist)
    last = mapping.cursor_page({"items": [artist], "next": None, "cursors": {"after": None}, "total": 2}, mapping.artist)
    assert more.next_cursor == "a1" and more.has_more
    assert last.next_cursor is None and not last.has_more and last.items[0].followers == 5


def test_played_at_is_utc_and_playback_started_at_follows_progress() -> None:
    song = {"id": "t1", "type": "track", "name": "One"}
    entry = mapping.played({"track": song, "played_at": "2026-11-22T10:00:00.500Z"})
    assert entry is not None and entry.played_at == dt.datetime(2026, 11, 22, 10, 0, 0, 500000, tzinfo=dt.timezone.utc)
    now = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)
    state = mapping.playback({"item": song, "progress_ms": 30_000, "is_playing": True}, now)
    assert state is not None and state.started_at == now - dt.timedelta(seconds=30)
    assert mapping.playback(None, now) is None
