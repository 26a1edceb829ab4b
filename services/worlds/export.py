"""Saving a world's playlists to the person's music source ("Save to Spotify" / "Save to library").

Each world playlist becomes one private playlist named "{World}: {Playlist}" with
the playlist's description, its tracks and its JPEG cover. The source playlist id is
remembered per world playlist as soon as it exists, so saving again (or retrying
after a failure halfway) updates the same playlists instead of making new ones.
Renaming a world renames its saved playlists; deleting it can unfollow them (asked first).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from services.catalog.source import MusicSource, SourceError
from services.worlds import repo
from services.worlds.cover import cover_jpeg

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was saved: names done (in order), the one that failed and why."""

    saved: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    failed: str = ""
    error: str = ""
    target: str = "Spotify"

    @property
    def ok(self) -> bool:
        return not self.failed

    def message(self) -> str:
        if self.ok:
            return f"Saved {len(self.saved)} playlists to {self.target} ({self.created} new, {self.updated} updated)."
        done = ", ".join(self.saved) if self.saved else "none"
        return (f"Saving stopped at “{self.failed}”: {self.error} Saved so far: {done}. "
                "Try again to finish; playlists already saved are updated, not duplicated.")


def playlist_title(world: str, playlist: str) -> str:
    return f"{world}: {playlist}"[:100]


def export_world(
    user_id: int, world_id: int, *, source: MusicSource | None = None,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Create or update every playlist of a saved world on the person's source."""
    from services.catalog import get_source

    view = repo.load_world(user_id, world_id)
    if view is None:
        return ExportResult(failed="this world", error="It no longer exists.")
    source = source or get_source(user_id)
    target = "Spotify" if source.kind == "spotify" else "your demo library"
    saved: list[str] = []
    created = updated = 0
    for entry in view.playlists:
        if progress:
            progress(entry.name)
        title = playlist_title(view.name, entry.name)
        description = (entry.description or f"A playlist of the world {view.name}.")[:300]
        try:
            pid = entry.external_id
            if pid:
                try:
                    source.replace_playlist_items(pid, entry.track_ids)
                    updated += 1
                except SourceError as exc:
                    if not _gone(exc):
                        raise
                    pid = ""  # deleted on the source since: make it again
            if not pid:
                pid = source.create_playlist(title, description=description, public=False).id
                repo.set_external_id(user_id, world_id, entry.name, pid)  # remembered before anything else can fail
                source.replace_playlist_items(pid, entry.track_ids)
                created += 1
            source.upload_playlist_cover(pid, cover_jpeg(entry.name, view.palette, view.name))
            repo.set_external_id(user_id, world_id, entry.name, pid)
        except SourceError as exc:
            log.info("export of world %s stopped at %r: %s", world_id, entry.name, exc.message)
            return ExportResult(saved, created, updated, failed=entry.name, error=exc.message, target=target)
        saved.append(entry.name)
    return ExportResult(saved, created, updated, target=target)


def _gone(exc: SourceError) -> bool:
    """The saved playlist no longer exists on the source (deleted there): it is made again."""
    if type(exc).__name__ == "NotFound":
        return True
    text = exc.message.lower()
    return "does not exist" in text or "does not know" in text


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What renaming or deleting a world did to its exported playlists."""

    done: int = 0
    failed: list[str] = field(default_factory=list)  # playlist names
    error: str = ""
    target: str = "Spotify"

    @property
    def ok(self) -> bool:
        return not self.failed

    def message(self, verb: str) -> str:
        if self.ok:
            where = "on Spotify" if self.target == "Spotify" else f"in {self.target}"
            return f"{verb} {self.done} saved playlist{'s' if self.done != 1 else ''} {where}." if self.done else ""
        return (f"Could not update {', '.join(self.failed)} on {self.target}: {self.error} "
                "Try again; nothing else was changed.")


def _target(source: MusicSource) -> str:
    return "Spotify" if source.kind == "spotify" else "your demo library"


def rename_world_everywhere(user_id: int, world_id: int, name: str, *, source: MusicSource | None = None) -> FollowUp:
    """Rename a world, then its exported playlists ("{World}: {Playlist}") on the source.

    The new name is kept even when a playlist on the source cannot be renamed; the
    result names those, and renaming again retries them.
    """
    from services.catalog import get_source
    from services.worlds.library import check_editable
    from services.worlds.spotify_extras import rename_playlist

    if repo.load_world(user_id, world_id) is not None:
        check_editable(user_id, world_id)  # kept beyond the plan's limit: read-only (`UpgradeRequired`)
    if not repo.rename_world(user_id, world_id, name):
        return FollowUp(failed=["this world"], error="It no longer exists.")
    view = repo.load_world(user_id, world_id)
    if view is None or not any(p.external_id for p in view.playlists):
        return FollowUp()
    source = source or get_source(user_id)
    done, failed, error = 0, [], ""
    for entry in view.playlists:
        if not entry.external_id:
            continue
        try:
            rename_playlist(source, entry.external_id, playlist_title(view.name, entry.name))
            done += 1
        except SourceError as exc:
            if _gone(exc):  # deleted on the source since: nothing to rename, forget it
                repo.set_external_id(user_id, world_id, entry.name, "")
                continue
            failed.append(entry.name)
            error = exc.message
    return FollowUp(done, failed, error, _target(source))


def delete_world_everywhere(user_id: int, world_id: int, *, unfollow: bool,
                            source: MusicSource | None = None) -> FollowUp:
    """Delete a world; with `unfollow`, first remove its exported playlists from the source.

    If a playlist cannot be removed, the world is kept (nothing is lost) and the
    result says which; a playlist already gone from the source counts as removed.
    """
    from services.catalog import get_source
    from services.worlds.spotify_extras import unfollow_playlist

    view = repo.load_world(user_id, world_id)
    if view is None:
        return FollowUp(failed=["this world"], error="It no longer exists.")
    done = 0
    target = "Spotify"
    if unfollow and any(p.external_id for p in view.playlists):
        source = source or get_source(user_id)
        target = _target(source)
        for entry in view.playlists:
            if not entry.external_id:
                continue
            try:
                unfollow_playlist(source, entry.external_id)
            except SourceError as exc:
                if not _gone(exc):
                    return FollowUp(done, [entry.name], exc.message, target)
            repo.set_external_id(user_id, world_id, entry.name, "")
            done += 1
    repo.delete_world(user_id, world_id)
    return FollowUp(done, [], "", target)
