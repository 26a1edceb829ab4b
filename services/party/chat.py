"""Room chat: plain-text messages with author and time; hosts and co-hosts delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, bindparam, func
from sqlmodel import Session, col, select

from services.db import as_utc, utcnow
from services.party import roles
from services.party.errors import InvalidInput
from services.party.models import PartyChatMessage, PartyRoom
from services.party.text import clean_text
from services.party.tx import load_room, require_member, require_open, room_action, run_in_transaction
from services.party.types import Identity

CHAT_MAX_CHARS = 500
CHAT_HISTORY = 100
# At most this many messages per person in this window: enough to talk, too few to flood.
BURST_MESSAGES = 5
BURST_WINDOW = timedelta(seconds=10)


@dataclass(frozen=True)
class ChatLine:
    """One message as the page shows it (the page escapes `text`)."""

    id: int
    member_id: int | None
    author_name: str
    text: str
    created_at: datetime


def _line(row: PartyChatMessage) -> ChatLine:
    assert row.id is not None
    return ChatLine(row.id, row.member_id, row.author_name, row.text, as_utc(row.created_at) or row.created_at)


def post_message(code: str, who: Identity, text: str, now: datetime | None = None) -> ChatLine:
    """Post a message: control characters stripped, at most `CHAT_MAX_CHARS` characters,
    at most `BURST_MESSAGES` per person in `BURST_WINDOW`."""
    body = clean_text(text)
    if not body:
        raise InvalidInput("Type a message first.")
    if len(body) > CHAT_MAX_CHARS:
        raise InvalidInput(f"Messages can be at most {CHAT_MAX_CHARS} characters; this one has {len(body)}.")
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> ChatLine:
        require_open(room)
        member = require_member(db, room, who)
        assert room.id is not None
        recent = db.exec(
            select(func.count())
            .select_from(PartyChatMessage)
            .where(
                PartyChatMessage.room_id == room.id,
                PartyChatMessage.member_id == member.id,
                col(PartyChatMessage.created_at) > now - BURST_WINDOW,
            )
        ).one()
        if int(recent) >= BURST_MESSAGES:
            raise InvalidInput("You are sending messages very fast; wait a few seconds.")
        row = PartyChatMessage(
            room_id=room.id, member_id=member.id, author_name=member.display_name, text=body, created_at=now
        )
        db.add(row)
        db.flush()
        return _line(row)

    return room_action(code, "chat", work)


def delete_message(code: str, who: Identity, message_id: int, now: datetime | None = None) -> None:
    """Host or co-host: hide a message for everyone."""
    now = now or utcnow()

    def work(db: Session, room: PartyRoom) -> None:
        require_open(room)
        roles.require(require_member(db, room, who), "delete_message")
        row = db.get(PartyChatMessage, message_id)
        if row is None or row.room_id != room.id:
            raise InvalidInput("That message is not in this room.")
        if row.deleted_at is None:
            row.deleted_at = now
            db.add(row)

    room_action(code, "chat", work)


_RECENT = (  # built once (see `tx`): every chat line reads it
    select(PartyChatMessage)
    .where(col(PartyChatMessage.room_id) == bindparam("room_id"), col(PartyChatMessage.deleted_at).is_(None))
    .order_by(col(PartyChatMessage.created_at).desc(), col(PartyChatMessage.id).desc())
    .limit(bindparam("limit", type_=Integer))
)


def recent_lines(db: Session, room_id: int, limit: int = CHAT_HISTORY) -> list[ChatLine]:
    """The last `limit` messages that were not deleted, oldest first."""
    rows = db.exec(_RECENT, params={"room_id": room_id, "limit": limit}).all()
    return [_line(row) for row in reversed(rows)]


def recent_messages(code: str, limit: int = CHAT_HISTORY) -> list[ChatLine]:
    """The chat a person sees on joining: the last 100 messages, oldest first."""

    def unit(db: Session) -> list[ChatLine]:
        room = load_room(db, code)
        assert room.id is not None
        return recent_lines(db, room.id, limit)

    return run_in_transaction(unit)
