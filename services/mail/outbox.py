"""The offline mailer (messages are stored and shown at /releases/outbox) and the listing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select

from services.db import as_utc, session_scope
from services.mail.message import MailMessage, record_sent
from services.mail.models import Outbox


class OutboxMailer:
    """The offline default: the message is stored and shown at /releases/outbox."""

    via = "outbox"

    def send(self, message: MailMessage) -> str:
        record_sent(message, self.via)
        return self.via


@dataclass(frozen=True)
class OutboxEntry:
    """A message as the outbox page lists it."""

    id: int
    to: str
    subject: str
    html: str
    text: str
    headers: str
    created_at: dt.datetime | None
    sent_via: str


def outbox(user_id: int | None, limit: int = 50, to: str = "") -> list[OutboxEntry]:
    """The newest messages for one person (or every message when `user_id` is None),
    only those sent to the address `to` when it is given."""
    with session_scope() as db:
        query = select(Outbox).order_by(col(Outbox.created_at).desc(), col(Outbox.id).desc()).limit(limit)
        if user_id is not None:
            query = query.where(Outbox.user_id == user_id)
        if to:
            query = query.where(Outbox.to == to.strip().lower())
        return [
            OutboxEntry(r.id or 0, r.to, r.subject, r.html, r.text, r.headers, as_utc(r.created_at), r.sent_via)
            for r in db.exec(query).all()
        ]
