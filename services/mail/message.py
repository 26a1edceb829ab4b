"""One email, the `Mailer` interface every adapter implements, and the sent-mail record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from services.db import session_scope
from services.mail.models import Outbox


@dataclass(frozen=True)
class MailMessage:
    """One email with both parts; `headers` adds e.g. List-Unsubscribe."""

    to: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None


@runtime_checkable
class Mailer(Protocol):
    """Delivers a message; returns how ("smtp" or "outbox"); raises on failure."""

    via: str

    def send(self, message: MailMessage) -> str: ...


def record_sent(message: MailMessage, via: str) -> None:
    """Keep the message in the `Outbox` table, so the outbox page doubles as a sent-mail log."""
    with session_scope() as db:
        db.add(
            Outbox(
                user_id=message.user_id,
                to=message.to,
                subject=message.subject[:300],
                html=message.html,
                text=message.text,
                headers="\n".join(f"{k}: {v}" for k, v in message.headers.items())[:2000],
                sent_via=via,
            )
        )
