"""Coming into a room's page: the room for its members, the join screen (and why) for
everyone else, and joining from that screen."""

from __future__ import annotations

from dataclasses import dataclass

from services.billing import UpgradeRequired
from services.party.errors import NotAMember, PartyError
from services.party.rooms import Membership, RoomPreview, join_room, room_full_message, room_preview
from services.party.types import Identity, new_guest
from services.party.view import RoomView, room_view


@dataclass(frozen=True)
class Entry:
    """What `/party/CODE` shows someone: the room (`view`), or the join screen with `join_error`."""

    preview: RoomPreview
    view: RoomView | None = None
    join_error: str = ""


def enter(code: str, who: Identity | None) -> Entry:
    """Open room `code` for `who` (None: nobody known here yet); `RoomNotFound` if there is none.

    A returning member is present again and sees the room; someone who never
    joined gets the join screen; someone who may not come back (room locked or
    ended, removed by the host, the host's plan full) gets it with the reason.
    """
    preview = room_preview(code)
    if who is None:
        return Entry(preview)
    try:
        if not preview.ended:
            join_room(code, who, rejoin_only=who.is_guest)  # a returning member: present again
        return Entry(preview, room_view(code, who))
    except UpgradeRequired as refusal:
        return Entry(preview, join_error=room_full_message(refusal))
    except NotAMember:
        return Entry(preview)
    except PartyError as exc:
        return Entry(preview, join_error=exc.message)


def join(code: str, user_id: int | None, guest_key: str | None, display_name: str,
         passcode: str = "") -> tuple[Membership, RoomView]:
    """Join from the join screen: as the signed-in user, else as the guest this tab was
    (`guest_key`) or a new guest named `display_name`. A refusal is a `PartyError`
    whose message the screen shows (the host's plan full included)."""
    if user_id is not None:
        who = Identity.user(user_id)
    else:
        who = Identity.guest(guest_key) if guest_key else new_guest()
    try:
        member = join_room(code, who, display_name, passcode=passcode)
    except UpgradeRequired as refusal:
        raise PartyError(room_full_message(refusal)) from refusal
    return member, room_view(code, who)
