"""The party pages' rows, as typed view models: display-ready values, formatted here.

The room's rows (queue, people, chat, the player line) are built once per change
and sent to every tab of the room; keep them cheap: flat, frozen, slotted.
Ids are strings because the page uses them as keys (my votes, my member id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from services import formatting
from services.party.chat import ChatLine
from services.party.device import PlayerStatus
from services.party.playback import PlayedTrack
from services.party.presence import MemberView
from services.party.queue import QueueEntry
from services.party.rooms import MyRoom
from services.party.types import TrackLike, TrackRef


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One waiting track. Its score is not here but in `queue_scores`: a vote then changes
    one small map, not the rows, so a page re-renders one number, not the queue."""

    id: str
    title: str
    artists: str
    image: str
    duration: str  # "3:05"
    pinned: bool
    by: str  # who added it
    by_id: str  # their member id ("" for the fallback playlist)


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A person here now."""

    id: str
    name: str
    role: str  # host | cohost | listener
    guest: bool


@dataclass(frozen=True, slots=True)
class ChatRow:
    """One chat line (the page shows `text` as text, never as markup)."""

    id: str
    author: str
    member_id: str
    text: str
    at: str  # ISO time; the browser shows it on its own clock


@dataclass(frozen=True, slots=True)
class PlayerLine:
    """Where the music plays, the same words for everyone."""

    mode: str = "demo"  # demo | spotify
    state: str = ""
    message: str = ""
    retry: bool = False  # a Retry (host, co-hosts) may help


@dataclass(frozen=True, slots=True)
class TrackPick:
    """A track someone may add: a search result, a playlist's track, a suggestion."""

    id: str
    title: str
    artists: str
    image: str
    duration: str


@dataclass(frozen=True, slots=True)
class PlaylistOption:
    """A playlist to pick from."""

    id: str
    name: str
    label: str  # "Road trip (24)"


@dataclass(frozen=True, slots=True)
class MyRoomRow:
    """A room on my "my rooms" list."""

    code: str
    name: str
    role: str
    present: str  # "3"
    status: str  # open | locked | ended
    created: str  # "4 Dec 2026"


def queue_rows(queue: Sequence[QueueEntry]) -> list[QueueRow]:
    return [
        QueueRow(str(q.id), q.title, q.artists, q.image_url, formatting.clock_duration(q.duration_ms),
                 q.pinned, q.added_by_name, str(q.added_by_member_id or ""))
        for q in queue
    ]


def queue_scores(queue: Sequence[QueueEntry]) -> dict[str, str]:
    """Each waiting track's score as shown: "+2", "-1", "0" (by row id)."""
    return {str(q.id): f"{q.score:+d}" if q.score else "0" for q in queue}


def member_rows(members: Sequence[MemberView]) -> list[MemberRow]:
    return [MemberRow(str(m.id), m.display_name, m.role, m.is_guest) for m in members]


def chat_rows(chat: Sequence[ChatLine]) -> list[ChatRow]:
    return [ChatRow(str(c.id), c.author_name, str(c.member_id or ""), c.text, c.created_at.isoformat()) for c in chat]


@dataclass(frozen=True, slots=True)
class PlayedRow:
    """A track the room played, for the history (newest first)."""

    title: str
    artists: str
    added_by: str
    at: str  # ISO time; the browser shows it on its own clock


def played_rows(tracks: Iterable[PlayedTrack]) -> list[PlayedRow]:
    return [PlayedRow(t.title, t.artists, t.added_by_name, t.finished_at.isoformat() if t.finished_at else "") for t in tracks]


def player_line(player: PlayerStatus) -> PlayerLine:
    return PlayerLine(player.mode, player.state, player.message, player.can_retry)


def track_ref(track: TrackLike) -> TrackRef:
    """What the room stores of a track someone may add."""
    return TrackRef.of(track)


def track_picks(refs: Iterable[TrackRef]) -> list[TrackPick]:
    return [TrackPick(r.track_id, r.title, r.artists, r.image_url, formatting.clock_duration(r.duration_ms)) for r in refs]


def playlist_option(playlist_id: str, name: str, track_count: int) -> PlaylistOption:
    return PlaylistOption(playlist_id, name, f"{name} ({track_count})")


def my_room_rows(rooms: Sequence[MyRoom]) -> list[MyRoomRow]:
    return [
        MyRoomRow(r.code, r.name, r.role, str(r.present_count),
                  "ended" if r.ended else ("locked" if r.locked else "open"), formatting.date(r.created_at))
        for r in rooms
    ]


def epoch_ms(moment: datetime) -> int:
    """A moment as epoch milliseconds (the browser's clock bar reads them)."""
    return int(formatting.aware(moment).timestamp() * 1000)
