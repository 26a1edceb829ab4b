"""The demo sound of a room: who may fetch it, and where it sits on the room's clock.

Demo rooms have no recordings, so each track plays a short sound rendered from its
attributes (`services.worlds.demo_clip`: 12 s, looped, labelled "demo sound"). Every
page places it on the same room clock: the clip's position is the track's position
modulo the clip length, so two pages play the same second.
"""

from __future__ import annotations

from sqlmodel import Session, select

from services.party.errors import PartyError
from services.party.models import PartyQueueItem
from services.party.tx import find_member, load_room, run_in_transaction
from services.party.types import Identity


def may_hear(code: str, who: Identity | None, track_id: str) -> bool:
    """A member of an open room may fetch the demo sound of a track playing or queued there."""
    if who is None or not track_id:
        return False

    def unit(db: Session) -> bool:
        room = load_room(db, code)
        assert room.id is not None
        member = find_member(db, room.id, who)
        if member is None or member.removed_at is not None:
            return False
        if room.current_track_id == track_id:
            return True
        return db.exec(
            select(PartyQueueItem.id).where(
                PartyQueueItem.room_id == room.id,
                PartyQueueItem.track_id == track_id,
                PartyQueueItem.status == "queued",
            )
        ).first() is not None

    try:
        return run_in_transaction(unit)
    except PartyError:  # no such room: a plain "no"
        return False


def clip_url(code: str, track_id: str) -> str:
    """Where a page fetches the demo sound of `track_id` in room `code`."""
    return f"/api/party/{code}/clip/{track_id}.wav"


def spotify_open_url(track_id: str) -> str:
    """"Open in Spotify" for listeners of a live room: the music plays on the host's
    device only (a room never re-streams Spotify), each listener may follow on their own."""
    return f"https://open.spotify.com/track/{track_id}" if track_id else ""
