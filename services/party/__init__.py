"""Party room: shared live queue with roles, votes, auto-play, chat and presence, and the
host's Spotify device driven from the room's clock.

Plain service functions over the database (one transaction per action) that the
web layer calls; every change is announced as `live.Change("party", room=code)`.
Actors are `Identity` values the server resolved (a user id or a guest key).
The pages' own needs are in modules imported by name (they pull in the catalog):
`lobby` (`/party`), `music` (the host's music), `entry` (opening a room's page);
`rows` holds the typed rows the pages show.
"""

from services.party.chat import CHAT_HISTORY, CHAT_MAX_CHARS, ChatLine, delete_message, post_message, recent_messages
from services.party.device import PlayerStatus
from services.party.errors import (
    InvalidInput,
    ItemGone,
    MemberRemoved,
    NotAMember,
    PasscodeNeeded,
    PartyError,
    PartyPermissionError,
    QueueLimitReached,
    RoomEnded,
    RoomLocked,
    RoomNotFound,
)
from services.party.playback import (
    NowPlaying,
    PlayedTrack,
    SkipTally,
    advance_due_rooms,
    advance_if_ended,
    pause,
    recently_played,
    resume,
    skip_now,
    vote_skip,
)
from services.party.player import drive_host_device, drive_soon, retry_device
from services.party.presence import (
    PRESENCE_TIMEOUT,
    MemberView,
    heartbeat,
    heartbeats,
    leave_room,
    present_members,
    stale_cleanup,
)
from services.party.queue import QueueEntry, add_to_queue, move_item, pin_item, remove_item, vote
from services.party.roles import Permissions
from services.party.manage import (
    end_abandoned_rooms,
    end_room,
    remove_member,
    set_fallback,
    set_locked,
    set_role,
    update_room,
    update_settings,
)
from services.party.rooms import (
    CODE_ALPHABET,
    Membership,
    MyRoom,
    RoomPreview,
    create_room,
    join_room,
    my_rooms,
    room_full_message,
    room_host_id,
    room_preview,
)
from services.party.share import join_url, qr_data_uri, qr_svg
from services.party.tx import TOPIC, Claimed, claim_changes, normalize_code
from services.party.types import Identity, RoomSettings, TrackRef, new_guest
from services.party.view import (
    RoomInfo,
    RoomSnapshot,
    RoomView,
    ViewerState,
    next_snapshot,
    room_snapshot,
    room_view,
    snapshot_after,
    viewer_state,
)

__all__ = [
    "CHAT_HISTORY",
    "CHAT_MAX_CHARS",
    "CODE_ALPHABET",
    "PRESENCE_TIMEOUT",
    "TOPIC",
    "ChatLine",
    "Claimed",
    "Identity",
    "InvalidInput",
    "ItemGone",
    "MemberRemoved",
    "MemberView",
    "Membership",
    "MyRoom",
    "NotAMember",
    "PasscodeNeeded",
    "NowPlaying",
    "PartyError",
    "PartyPermissionError",
    "Permissions",
    "PlayedTrack",
    "PlayerStatus",
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
    "claim_changes",
    "create_room",
    "delete_message",
    "drive_host_device",
    "drive_soon",
    "end_abandoned_rooms",
    "end_room",
    "heartbeat",
    "heartbeats",
    "join_room",
    "join_url",
    "leave_room",
    "move_item",
    "my_rooms",
    "new_guest",
    "normalize_code",
    "pause",
    "pin_item",
    "post_message",
    "present_members",
    "qr_data_uri",
    "qr_svg",
    "recent_messages",
    "recently_played",
    "remove_item",
    "remove_member",
    "resume",
    "retry_device",
    "room_full_message",
    "room_host_id",
    "room_preview",
    "next_snapshot",
    "room_snapshot",
    "room_view",
    "set_fallback",
    "set_locked",
    "set_role",
    "skip_now",
    "snapshot_after",
    "stale_cleanup",
    "update_room",
    "update_settings",
    "viewer_state",
    "vote",
    "vote_skip",
]
