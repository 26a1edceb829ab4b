""""Add to playlist" from the feed: one running playlist, never a new one per release.

Releases go to the person's chosen playlist (one of their own), else to a running
playlist called "New releases" that is created on first use and found again by name
if it was forgotten (a reconnect). Tracks already in it are not added twice. The
choice is remembered per source (Spotify or the demo library), so a playlist of one
is never written through the other; Disconnect forgets a Spotify choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import select

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Playlist
from services.db import session_scope, utcnow
from services.releases.feed import FeedError
from services.releases.models import Release, ReleasePrefs, UserRelease
from services.releases.people import default_source_for

RUNNING_NAME = "New releases"
RUNNING_DESCRIPTION = "New music from artists you follow, added from your release feed."
MAX_PLAYLISTS = 200
MAX_READ_TRACKS = 5_000

SourceFor = Callable[[int], MusicSource]


@dataclass(frozen=True)
class AddResult:
    """Where the release went and how many of its tracks were new there."""

    playlist: Playlist
    added: int
    already: int
    created: bool

    @property
    def message(self) -> str:
        if not self.added:
            return f"Already in “{self.playlist.name}”."
        made = " (new playlist)" if self.created else ""
        return f"Added {self.added} track{'s' if self.added != 1 else ''} to “{self.playlist.name}”{made}."


def own_playlists(source: MusicSource) -> list[Playlist]:
    """The person's own playlists (the ones a release can be added to)."""
    return [p for p in source.playlists(limit=MAX_PLAYLISTS).items if p.owned_by_me]


def chosen_playlist(user_id: int, source_kind: str) -> tuple[str, str]:
    """(id, name) of the playlist releases go to on this source; ("", "") means the running one."""
    with session_scope() as db:
        prefs = db.get(ReleasePrefs, user_id)
        if prefs is None or prefs.playlist_source != source_kind:
            return "", ""
        return prefs.playlist_id, prefs.playlist_name


def choose_playlist(user_id: int, playlist_id: str, *, source_for: SourceFor = default_source_for) -> str:
    """Send future releases to one of the person's own playlists ("" for the running
    "New releases"); returns the playlist's name. FeedError when it is not theirs."""
    source = source_for(user_id)
    name = RUNNING_NAME
    if playlist_id:
        try:
            mine = {p.id: p for p in own_playlists(source)}
        except SourceError as exc:
            raise FeedError(exc.message) from exc
        if playlist_id not in mine:
            raise FeedError("Choose one of your own playlists.")
        name = mine[playlist_id].name
    _remember(user_id, playlist_id, name if playlist_id else "", source.kind)
    return name


def _remember(user_id: int, playlist_id: str, name: str, source_kind: str) -> None:
    with session_scope() as db:
        prefs = db.get(ReleasePrefs, user_id) or ReleasePrefs(user_id=user_id)
        prefs.playlist_id, prefs.playlist_name = playlist_id, name[:200]
        prefs.playlist_source = source_kind if playlist_id else ""
        prefs.updated_at = utcnow()
        db.add(prefs)


def _target(user_id: int, source: MusicSource) -> tuple[Playlist, bool]:
    """The chosen playlist if it still exists, else the running one (found by name, or created)."""
    mine = own_playlists(source)
    wanted, _name = chosen_playlist(user_id, source.kind)
    for playlist in mine:
        if wanted and playlist.id == wanted:
            return playlist, False
    if wanted:  # deleted meanwhile: fall back to the running playlist and say so next time
        _remember(user_id, "", "", source.kind)
    for playlist in mine:
        if playlist.name == RUNNING_NAME:
            return playlist, False
    return source.create_playlist(RUNNING_NAME, description=RUNNING_DESCRIPTION), True


def _track_ids(source: MusicSource, playlist_id: str) -> set[str]:
    ids: set[str] = set()
    offset: int | None = 0
    while offset is not None and offset < MAX_READ_TRACKS:
        page = source.playlist_items(playlist_id, limit=None, offset=offset)
        ids.update(t.id for t in page.items)
        offset = page.next_offset if page.items else None
    return ids


def add_release_to_playlist(user_id: int, release_id: int, *, source_for: SourceFor = default_source_for) -> AddResult:
    """Add the release's tracks (those not there yet) to the person's release playlist;
    FeedError (safe to show) when it cannot be done."""
    with session_scope() as db:
        row = db.exec(
            select(Release).join(UserRelease, UserRelease.release_id == Release.id)  # type: ignore[arg-type]
            .where(UserRelease.user_id == user_id, Release.id == release_id)
        ).first()
        if row is None:
            raise FeedError("This release is not in your feed.")
        album_id = row.album_id
    source = source_for(user_id)
    try:
        tracks = source.album_tracks(album_id)
        if not tracks:
            raise FeedError("This release has no tracks to add yet.")
        playlist, created = _target(user_id, source)
        present = set() if created else _track_ids(source, playlist.id)
        new = [t.id for t in tracks if t.id not in present]
        if new:
            source.add_playlist_items(playlist.id, new)
    except SourceError as exc:
        raise FeedError(exc.message) from exc
    if created:
        _remember(user_id, playlist.id, playlist.name, source.kind)
    return AddResult(playlist, len(new), len(tracks) - len(new), created)
