"""What Disconnect removes from worlds: everything that came from Spotify.

A world built while Spotify was connected holds Spotify's catalog (its playlists'
tracks, the refresh history that names them) and links to the playlists it was
exported to; the wizard in progress holds seeds picked from Spotify. Those go. The
world itself stays as the person made it (name, answers, taste weights) and is due
for a refresh at once, which refills its playlists from the source connected then
(the built-in catalog after a Disconnect), keeping every playlist's identity.
"""

from __future__ import annotations

from sqlmodel import Session, col, delete, select, update

from services.db import utcnow
from services.spotify.forget import register_forgetter
from services.worlds.models import World, WorldPlaylist, WorldRefresh, WorldTrack, WorldWizardDraft

SPOTIFY = "spotify"


def _rows(db: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(statement).rowcount or 0)  # type: ignore[call-overload]


def forget_spotify_links(db: Session, user_id: int) -> dict[str, int]:
    """Delete the person's Spotify-derived world data; returns {what: rows}."""
    spotify_worlds = select(World.id).where(World.user_id == user_id, World.source == SPOTIFY)
    playlists = select(WorldPlaylist.id).where(col(WorldPlaylist.world_id).in_(spotify_worlds))
    removed = {
        "links to exported Spotify playlists": _rows(db, update(WorldPlaylist).where(
            col(WorldPlaylist.world_id).in_(spotify_worlds), col(WorldPlaylist.external_id) != "",
        ).values(external_id="", saved_at=None)),
        "Spotify tracks in worlds": _rows(db, delete(WorldTrack).where(col(WorldTrack.playlist_id).in_(playlists))),
        "world refresh records": _rows(db, delete(WorldRefresh).where(col(WorldRefresh.world_id).in_(spotify_worlds))),
        "world in progress": _rows(db, delete(WorldWizardDraft).where(col(WorldWizardDraft.user_id) == user_id)),
    }
    # Last: the worlds are built from the connected source from now on, refilled at the next run.
    _rows(db, update(World).where(col(World.user_id) == user_id, col(World.source) == SPOTIFY)
          .values(source="demo", next_refresh_at=utcnow()))
    return removed


register_forgetter("worlds", forget_spotify_links)
