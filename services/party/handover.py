"""Who runs the room when its host is away: the host role moves, the room keeps going.

When the acting host leaves (closes the page, goes silent, or presses Leave) the
co-host present longest (earliest `joined_at`) becomes host and the one who left
becomes a co-host; with no co-host present the role stays where it is until the
host picks someone (`manage.set_role(..., "host")`) or comes back. The room's
owner (`PartyRoom.host_user_id`: whose music and plan the room uses) takes the
role back when they return. Runs inside the caller's room transaction.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from services.party import roles
from services.party.models import PartyMember, PartyRoom


def acting_host(db: Session, room: PartyRoom) -> PartyMember | None:
    """The member holding the host role now (not removed)."""
    return db.exec(
        select(PartyMember).where(
            PartyMember.room_id == room.id, PartyMember.role == roles.HOST, col(PartyMember.removed_at).is_(None)
        )
    ).first()


def hand_over_if_away(db: Session, room: PartyRoom) -> PartyMember | None:
    """If the acting host is not present, give the role to the longest-present co-host.

    Returns the new host, or None when nothing changed.
    """
    host = acting_host(db, room)
    if host is not None and host.connected:
        return None
    heir = db.exec(
        select(PartyMember)
        .where(
            PartyMember.room_id == room.id,
            PartyMember.role == roles.COHOST,
            col(PartyMember.connected),
            col(PartyMember.removed_at).is_(None),
        )
        .order_by(col(PartyMember.joined_at), col(PartyMember.id))
    ).first()
    if heir is None:
        return None
    if host is not None:
        host.role = roles.COHOST
        db.add(host)
    heir.role = roles.HOST
    db.add(heir)
    return heir


def pass_to(db: Session, room: PartyRoom, giver: PartyMember, taker: PartyMember) -> None:
    """The acting host hands the role to `taker` and stays on as a co-host."""
    giver.role, taker.role = roles.COHOST, roles.HOST
    db.add(giver)
    db.add(taker)


def reclaim(db: Session, room: PartyRoom, owner: PartyMember) -> None:
    """The room's owner is back: they are host again, whoever stood in is a co-host."""
    stand_in = acting_host(db, room)
    if stand_in is not None and stand_in.id != owner.id:
        stand_in.role = roles.COHOST
        db.add(stand_in)
    owner.role = roles.HOST
