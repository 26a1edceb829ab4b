"""Saving a world's playlists to the person's music source ("Save to Spotify" / "Save to library").

Each world playlist becomes one private playlist named "{World}: {Playlist}" with
the playlist's description, its tracks and its JPEG cover. The source playlist id is
remembered per world playlist as soon as it exists, so saving again (or retrying
after a failure halfway) updates the same playlists instead of making new ones.
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
