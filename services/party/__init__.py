"""Party room: shared live queue with roles, votes, auto-play, chat and presence.

Plain service functions over the database (one transaction per action) that the
web layer calls; every change is announced as `live.Change("party", room=code)`.
Actors are `Identity` values the server resolved (a user id or a guest key).
"""

from services.party.chat import CHAT_HISTORY, CHAT_MAX_CHARS, ChatLine, delete_message, post_message, recent_messages
from services.party.errors import (
    InvalidInput,
    ItemGone,
    MemberRemoved,
    NotAMember,
    PartyError,
    PartyPermissionError,
    QueueLimitReached,
    RoomEnded,
    RoomLocked,
    RoomNotFound,
)
from services.party.playback import (
    NowPlaying,
    SkipTally,
    advance_due_rooms,
    advance_if_ended,
    pause,
    resume,
    skip_now,
    vote_skip,
)
from services.party.presence import (
    PRESENCE_TIMEOUT,
    MemberView,
    heartbeat,
    leave_room,
    present_members,
    stale_cleanup,
)
from services.party.queue import QueueEntry, add_to_queue, move_item, pin_item, remove_item, vote
from services.party.roles import Permissions
from services.party.rooms import (
    CODE_ALPHABET,
    Membership,
    RoomPreview,
    create_room,
    end_room,
    join_room,
    remove_member,
    room_preview,
    set_fallback,
    set_locked,
    set_role,
    update_settings,
)
from services.party.share import join_url, qr_data_uri, qr_svg
from services.party.tx import TOPIC, normalize_code
from services.party.types import Identity, RoomSettings, TrackRef, new_guest
from services.party.view import RoomInfo, RoomSnapshot, RoomView, ViewerState, room_snapshot, room_view, viewer_state

__all__ = [
    "CHAT_HISTORY",
    "CHAT_MAX_CHARS",
    "CODE_ALPHABET",
    "PRESENCE_TIMEOUT",
    "TOPIC",
    "ChatLine",
    "Identity",
    "InvalidInput",
    "ItemGone",
    "MemberRemoved",
    "MemberView",
    "Membership",
    "NotAMember",
    "NowPlaying",
    "PartyError",
    "PartyPermissionError",
    "Permissions",
    "QueueEntry",
    "QueueLimitReached",
    "RoomEnded",
    "RoomInfo",
    "RoomLocked",
    "RoomNotFound",
    "RoomPreview",
    "RoomSettings",
    "RoomSnapshot",
    "RoomView",
    "SkipTally",
    "TrackRef",
    "ViewerState",
    "add_to_queue",
    "advance_due_rooms",
    "advance_if_ended",
    "create_room",
    "delete_message",
    "end_room",
    "heartbeat",
    "join_room",
    "join_url",
    "leave_room",
    "move_item",
    "new_guest",
    "normalize_code",
    "pause",
    "pin_item",
    "post_message",
    "present_members",
    "qr_data_uri",
    "qr_svg",
    "recent_messages",
    "remove_item",
    "remove_member",
    "resume",
    "room_preview",
    "room_snapshot",
    "room_view",
    "set_fallback",
    "set_locked",
    "set_role",
    "skip_now",
    "stale_cleanup",
    "update_settings",
    "viewer_state",
    "vote",
    "vote_skip",
]
