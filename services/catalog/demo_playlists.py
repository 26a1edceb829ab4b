"""Playlist writes of the demo library, for `DemoSource`: create, replace, append, cover.

The same rules as Spotify's: only your own playlists, JPEG covers of at most 256 KB
(base64), and every track must exist. The class reads `user_id`, `clock`,
`ensure_library`, `_own_playlist` and `_playlist` of the `DemoSource` it is mixed into.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Callable, Sequence

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from services.catalog.models import CatalogTrack, DemoPlaylist, DemoPlaylistItem
from services.catalog.source import SourceError
from services.catalog.types import Playlist
from services.db import session_scope

MAX_COVER_BYTES = 256 * 1024


def _check_known(db: Session, track_ids: Sequence[str]) -> None:
    unique = list(dict.fromkeys(track_ids))
    known = set(db.exec(select(CatalogTrack.id).where(col(CatalogTrack.id).in_(unique))).all()) if unique else set()
    missing = [t for t in unique if t not in known]
    if missing:
        raise SourceError(f"{len(missing)} track(s) are not in the catalog.")


class DemoPlaylistWrites:
    """Playlist write methods of `MusicSource` on the demo library."""

    user_id: int
    clock: Callable[[], dt.datetime]
    ensure_library: Callable[[], None]
    _own_playlist: Callable[..., DemoPlaylist]
    _playlist: Callable[[DemoPlaylist, int], Playlist]

    def create_playlist(self, name: str, description: str = "", public: bool = False) -> Playlist:
        name = name.strip()
        if not name:
            raise SourceError("A playlist needs a name.")
        self.ensure_library()
        now = self.clock()
        row = DemoPlaylist(id=secrets.token_hex(11), user_id=self.user_id, name=name[:200],
                           description=description[:300], public=public, owned_by_me=True,
                           owner_id=f"demo-{self.user_id}", created_at=now, updated_at=now)
        with session_scope() as db:
            db.add(row)
        return self._playlist(row, 0)

    def replace_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        """Replace the whole list in one transaction; unknown track ids are refused."""
        with session_scope() as db:
            row = self._own_playlist(db, playlist_id, write=True)
            _check_known(db, track_ids)
            db.exec(delete(DemoPlaylistItem).where(DemoPlaylistItem.playlist_id == playlist_id))
            db.add_all([DemoPlaylistItem(playlist_id=playlist_id, position=i, track_id=t)
                        for i, t in enumerate(track_ids)])
            row.updated_at = self.clock()
            db.add(row)

    def add_playlist_items(self, playlist_id: str, track_ids: Sequence[str]) -> None:
        """Append tracks after the playlist's last one (one transaction); unknown ids are refused."""
        with session_scope() as db:
            row = self._own_playlist(db, playlist_id, write=True)
            _check_known(db, track_ids)
            last = db.exec(select(func.max(DemoPlaylistItem.position)).where(DemoPlaylistItem.playlist_id == playlist_id)).one()
            start = -1 if last is None else int(last)
            db.add_all([DemoPlaylistItem(playlist_id=playlist_id, position=start + 1 + i, track_id=t)
                        for i, t in enumerate(track_ids)])
            row.updated_at = self.clock()
            db.add(row)

    def upload_playlist_cover(self, playlist_id: str, jpeg_bytes: bytes) -> None:
        """Store a JPEG cover (Spotify's rule: JPEG, at most 256 KB base64-encoded)."""
        if not jpeg_bytes.startswith(b"\xff\xd8"):
            raise SourceError("The cover must be a JPEG image.")
        encoded = base64.b64encode(jpeg_bytes).decode()
        if len(encoded) > MAX_COVER_BYTES:
            raise SourceError("The cover is too large (256 KB at most).")
        with session_scope() as db:
            row = self._own_playlist(db, playlist_id, write=True)
            row.image_url = f"data:image/jpeg;base64,{encoded}"
            row.updated_at = self.clock()
            db.add(row)

