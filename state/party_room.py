"""What everyone in a party room sees alike, as the vars of the states the page reads.

The browser's copy of these states is fed only by the room channel
(`state.party_channel`): one message per change, encoded once, written to every
socket in the room. The server-side copies are never assigned, so no event of a
tab can send room values from its own (stale) copy; `dict` leaves them out of
the full snapshot a (re)connecting tab gets, and the page's `on_load` then sends
that tab the room's current view.
"""

from __future__ import annotations

import builtins
from typing import Any

import reflex as rx

from services import party
from services.formatting import clock_duration
from services.party.listen import clip_url, spotify_open_url
from services.party.rows import (
    ChatRow,
    MemberRow,
    PlayerLine,
    QueueRow,
    chat_rows,
    epoch_ms,
    member_rows,
    player_line,
    queue_rows,
    queue_scores,
)


class PartyRoomState(rx.State):
    """The room itself and its settings."""

    room_code: str = ""
    name: str = ""
    locked: bool = False
    ended: bool = False
    add_policy: str = "everyone"
    queue_limit: int = 5
    skip_percent: int = 50  # a skip needs votes from more than this share of the people present
    ban_minutes: int = 60
    add_cooldown_s: int = 0
    passcode: str = ""


class PartyNowState(rx.State):
    """Now playing, the skip tally and the host's player."""

    playing: bool = False
    play_seq: int = 0
    np_title: str = ""
    np_artists: str = ""
    np_image: str = ""
    np_added_by: str = ""
    np_source: str = ""
    np_paused: bool = False
    np_duration_ms: int = 0
    np_position_ms: int = 0  # where a paused track stopped
    np_started_ms: int = 0  # epoch ms the playing track (re)started
    np_duration: str = ""
    np_clip: str = ""  # the demo sound's address (demo rooms); "" when the host's Spotify plays
    np_open_url: str = ""  # "Open in Spotify" (live rooms)
    skip_votes: int = 0
    skip_needed: int = 0
    player: PlayerLine = PlayerLine()  # where the music plays: the demo clock or the host's device, and its trouble


class PartyQueueState(rx.State):
    """The queue's rows (a vote that moves no track leaves them as they are)."""

    queue: list[QueueRow] = []


class PartyScoresState(rx.State):
    """Each waiting track's score: what a vote changes, read only by the score numbers."""

    scores: dict[str, str] = {}


class PartyPeopleState(rx.State):
    """Who is here, and everyone's role (a promotion shows at once)."""

    members: list[MemberRow] = []
    roles: dict[str, str] = {}


class PartyChatState(rx.State):
    """The last chat lines."""

    chat: list[ChatRow] = []
    chat_last: str = ""  # the last line's id: the chat scrolls to it (or marks it unread)


# One state per part of the page, so a vote re-renders the score numbers and not
# the queue's rows, the member list or the chat: a browser re-renders every
# component that reads a state whenever any of its vars changes.
ROOM_STATES: tuple[type[rx.State], ...] = (
    PartyRoomState, PartyNowState, PartyQueueState, PartyScoresState, PartyPeopleState, PartyChatState,
)
STATE_OF_VAR: dict[str, str] = {name: cls.get_full_name() for cls in ROOM_STATES for name in cls.base_vars}


def _snapshot_without_room(self: rx.State, *args: Any, **kwargs: Any) -> builtins.dict[str, Any]:
    """`dict` of the room states: the compiled defaults as usual, but no room values in
    a tab's full snapshot (the one a (re)connecting tab gets): the room channel is
    their only source, so a reconnect never shows a server copy's stale room."""
    snapshot = rx.State.dict(self, *args, **kwargs)
    if not kwargs.get("initial"):
        snapshot[self.get_full_name()] = {}
    return snapshot


# Assigned after the class bodies: Reflex refuses a method named `dict` in one (it
# would take it for an event handler).
for _cls in ROOM_STATES:
    _cls.dict = _snapshot_without_room  # type: ignore[method-assign]


def room_values(snap: party.RoomSnapshot, base: party.RoomSnapshot | None = None,
                base_values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The snapshot as the room states' var values (what the channel sends).

    `base` is the snapshot `base_values` were made from: the rows of a part
    `snap` kept from it (the same list: a vote re-reads the queue only) are
    reused, not built again, and compare equal at once.
    """
    room, now = snap.room, snap.now_playing
    kept = base_values if base is not None and base_values is not None else None
    members = kept["members"] if kept is not None and snap.members is base.members else member_rows(snap.members)  # type: ignore[union-attr]
    return {
        "room_code": room.code,
        "name": room.name,
        "locked": room.locked,
        "ended": room.ended,
        "add_policy": room.add_policy,
        "queue_limit": room.queue_limit,
        "skip_percent": round(room.skip_threshold * 100),
        "ban_minutes": room.ban_minutes,
        "add_cooldown_s": room.add_cooldown_s,
        "passcode": room.passcode,
        "playing": now is not None,
        "play_seq": now.play_seq if now else 0,
        "np_title": now.title if now else "",
        "np_artists": now.artists if now else "",
        "np_image": now.image_url if now else "",
        "np_added_by": now.added_by_name if now else "",
        "np_source": now.source if now else "",
        "np_paused": now.paused if now else False,
        "np_duration_ms": now.duration_ms if now else 0,
        "np_duration": clock_duration(now.duration_ms) if now else "",
        # The clock as fixed points (start, or the position where it paused): the
        # browser draws the bar from them, so the clock never needs a push.
        "np_started_ms": epoch_ms(now.started_at) if now else 0,
        "np_position_ms": now.position_ms if (now and now.paused) else 0,
        "np_clip": clip_url(room.code, now.track_id) if (now and snap.player.mode == "demo") else "",
        "np_open_url": spotify_open_url(now.track_id) if (now and snap.player.mode == "spotify") else "",
        "queue": kept["queue"] if kept is not None and snap.queue is base.queue else queue_rows(snap.queue),  # type: ignore[union-attr]
        "scores": kept["scores"] if kept is not None and snap.queue is base.queue else queue_scores(snap.queue),  # type: ignore[union-attr]
        "members": members,
        "roles": kept["roles"] if kept is not None and members is kept["members"] else {m.id: m.role for m in members},
        "chat": kept["chat"] if kept is not None and snap.chat is base.chat else chat_rows(snap.chat),  # type: ignore[union-attr]
        "chat_last": str(snap.chat[-1].id) if snap.chat else "",
        "skip_votes": snap.skip_votes,
        "skip_needed": snap.skip_needed,
        "player": player_line(snap.player),
    }
