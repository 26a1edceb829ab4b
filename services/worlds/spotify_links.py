"""What Disconnect removes from saved worlds: the links to the Spotify playlists they
were exported to (`WorldPlaylist.external_id` of worlds saved to Spotify). The
worlds themselves stay; saving one again creates new playlists on whatever source
is connected then."""

from __future__ import annotations

from sqlmodel import Session, col, select, update

from services.spotify.forget import register_forgetter
from services.worlds.models import World, WorldPlaylist


def forget_spotify_links(db: Session, user_id: int) -> dict[str, int]:
    spotify_worlds = select(World.id).where(World.user_id == user_id, World.source == "spotify")
    result = db.exec(update(WorldPlaylist).where(  # type: ignore[call-overload]
        col(WorldPlaylist.world_id).in_(spotify_worlds), col(WorldPlaylist.external_id) != "",
    ).values(external_id="", saved_at=None))
    return {"links to exported Spotify playlists": int(result.rowcount or 0)}


register_forgetter("worlds", forget_spotify_links)
