"""What Disconnect removes from party rooms: the tracks that came from the host's Spotify.

A room plays from its host's music source, so in the rooms a person hosts every track
that is not in the built-in catalog came from their Spotify: queued and played items
(their votes go with them), the fallback playlist's snapshot and the track now playing.
Those go; the rooms, their people and chat stay, and the host can fill the queue again
from the source connected now. Tracks people added in rooms hosted by others came from
those hosts' sources and are theirs to forget.
"""

from __future__ import annotations

from sqlmodel import Session, col, delete, select, update

from services.catalog.models import CatalogTrack
from services.party.models import PartyFallbackTrack, PartyQueueItem, PartyRoom
from services.spotify.forget import register_forgetter


def _rows(db: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(statement).rowcount or 0)  # type: ignore[call-overload]


def forget_spotify_tracks(db: Session, user_id: int) -> dict[str, int]:
    """Delete the Spotify tracks of the rooms `user_id` hosts; returns {what: rows}."""
    hosted = select(PartyRoom.id).where(PartyRoom.host_user_id == user_id)
    builtin = select(CatalogTrack.id)
    removed = {
        "Spotify tracks in party queues": _rows(db, delete(PartyQueueItem).where(
            col(PartyQueueItem.room_id).in_(hosted), col(PartyQueueItem.track_id).not_in(builtin))),
        "Spotify tracks of party fallback playlists": _rows(db, delete(PartyFallbackTrack).where(
            col(PartyFallbackTrack.room_id).in_(hosted), col(PartyFallbackTrack.track_id).not_in(builtin))),
        "Spotify track playing in a party room": _rows(db, update(PartyRoom).where(
            col(PartyRoom.host_user_id) == user_id, col(PartyRoom.current_track_id) != "",
            col(PartyRoom.current_track_id).not_in(builtin),
        ).values(current_item_id=None, current_source="", current_track_id="", current_title="", current_artists="",
                 current_image_url="", current_duration_ms=0, current_added_by="", started_at=None, paused_at=None,
                 fallback_playlist_id=None)),
    }
    if any(removed.values()):  # open pages see the rooms change
        db.exec(update(PartyRoom).where(col(PartyRoom.host_user_id) == user_id)  # type: ignore[call-overload]
                .values(version=PartyRoom.version + 1))
    return removed

register_forgetter("party rooms", forget_spotify_tracks)
