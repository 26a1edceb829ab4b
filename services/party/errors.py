"""Typed errors of the party room; each carries a message a person can read."""

from __future__ import annotations


class PartyError(ValueError):
    """Something a person did that the room refuses; `message` is shown as is."""

    code = "party_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RoomNotFound(PartyError):
    code = "room_not_found"


class RoomEnded(PartyError):
    code = "room_ended"


class RoomLocked(PartyError):
    code = "room_locked"


class MemberRemoved(PartyError):
    """The host removed this person; they may not come back."""

    code = "member_removed"


class PasscodeNeeded(PartyError):
    """The room has a passcode and the newcomer did not give it (or gave a wrong one)."""

    code = "passcode"


class NotAMember(PartyError):
    code = "not_a_member"


class PartyPermissionError(PartyError):
    """A listener (or co-host) tried something their role does not allow."""

    code = "permission"


class QueueLimitReached(PartyError):
    code = "queue_limit"


class ItemGone(PartyError):
    """The queue item was removed or has already played."""

    code = "item_gone"


class InvalidInput(PartyError):
    """Bad values: an oversized chat message, an empty name, a threshold out of range."""

    code = "invalid_input"


class SearchBudgetSpent(PartyError):
    """Guests searched the host's Spotify as much as the room's budget allows for now."""

    code = "search_budget_spent"
