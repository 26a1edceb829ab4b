"""Who may do what in a room, checked on the server for every action."""

from __future__ import annotations

from dataclasses import dataclass

from services.party.errors import PartyPermissionError
from services.party.models import PartyMember, PartyRoom

HOST, COHOST, LISTENER = "host", "cohost", "listener"

# Actions and the roles allowed to do them. Moderation (the queue's order, chat
# clean-up, playback control) is shared with co-hosts; running the room is the host's.
_ALLOWED: dict[str, frozenset[str]] = {
    "lock": frozenset({HOST}),
    "end": frozenset({HOST}),
    "remove_member": frozenset({HOST}),
    "set_role": frozenset({HOST}),
    "update_settings": frozenset({HOST}),
    "set_fallback": frozenset({HOST}),
    "pin": frozenset({HOST, COHOST}),
    "move": frozenset({HOST, COHOST}),
    "remove_item": frozenset({HOST, COHOST}),
    "delete_message": frozenset({HOST, COHOST}),
    "control_playback": frozenset({HOST, COHOST}),
}
_LABELS = {
    "lock": "lock or unlock the room",
    "end": "end the party",
    "remove_member": "remove people",
    "set_role": "change roles",
    "update_settings": "change the room's settings",
    "set_fallback": "choose the fallback playlist",
    "pin": "pin tracks",
    "move": "reorder the queue",
    "remove_item": "remove other people's tracks",
    "delete_message": "delete messages",
    "control_playback": "control playback",
}


def allowed(role: str, action: str) -> bool:
    """Whether `role` may do `action`."""
    return role in _ALLOWED[action]


def require(member: PartyMember, action: str) -> None:
    """Raise `PartyPermissionError` unless the member's role allows `action`."""
    if not allowed(member.role, action):
        who = "the host" if _ALLOWED[action] == {HOST} else "the host or a co-host"
        raise PartyPermissionError(f"Only {who} can {_LABELS[action]}.")


def may_add(room: PartyRoom, member: PartyMember) -> bool:
    """Whether the room's add policy lets this member queue tracks."""
    if member.role in (HOST, COHOST):
        return True
    if room.add_policy == "everyone":
        return True
    if room.add_policy == "signed_in":
        return member.user_id is not None
    return False


def require_add(room: PartyRoom, member: PartyMember) -> None:
    """Raise `PartyPermissionError` when the add policy excludes this member."""
    if may_add(room, member):
        return
    if room.add_policy == "signed_in":
        raise PartyPermissionError("In this room only signed-in people can add tracks.")
    raise PartyPermissionError("In this room only the host and co-hosts can add tracks.")


@dataclass(frozen=True)
class Permissions:
    """What the viewer's page may offer; the server checks again on every action."""

    can_add: bool
    can_moderate: bool
    can_control_playback: bool
    can_manage: bool

    @classmethod
    def of(cls, room: PartyRoom, member: PartyMember | None) -> Permissions:
        if member is None or member.removed_at is not None or room.ended_at is not None:
            return cls(False, False, False, False)
        return cls(
            can_add=may_add(room, member),
            can_moderate=allowed(member.role, "pin"),
            can_control_playback=allowed(member.role, "control_playback"),
            can_manage=allowed(member.role, "end"),
        )
