"""Sending email: SMTP when `SMTP_HOST` is set, else the Outbox table (offline default).

Either way every message is recorded in `Outbox` with `sent_via`, so the outbox
page doubles as a sent-mail log.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

from sqlmodel import col, select

from services import quotas
from services.config import Settings, get_settings
from services.db import as_utc, session_scope
from services.releases.models import Outbox


@dataclass(frozen=True)
class MailMessage:
    """One email with both parts; `headers` adds e.g. List-Unsubscribe."""

    to: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None


class Mailer(Protocol):
    """Delivers a message; returns how ("smtp" or "outbox"); raises on failure."""

    via: str

    def send(self, message: MailMessage) -> str: ...


def _record(message: MailMessage, via: str) -> None:
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


class OutboxMailer:
    """The offline default: the message is stored and shown at /releases/outbox."""

    via = "outbox"

    def send(self, message: MailMessage) -> str:
        _record(message, self.via)
        return self.via


def build_mime(message: MailMessage, sender: str) -> EmailMessage:
    """multipart/alternative: plain text first, HTML second (clients show the last they can)."""
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = make_msgid(domain=(parseaddr(sender)[1].rpartition("@")[2] or "localhost"))
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    return mime


class SmtpMailer:
    """Real delivery through the configured SMTP server (STARTTLS unless disabled; 465 = TLS)."""

    via = "smtp"

    def __init__(self, settings: Settings, timeout: float = 20.0) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, message: MailMessage) -> str:
        # Real mail costs reputation and money: the daily email quota (raises QuotaExceeded).
        quotas.charge_now(message.user_id, "emails")
        try:
            return self._send(message)
        except BaseException:
            with session_scope() as db:
                quotas.refund(db, message.user_id, "emails")
            raise

    def _send(self, message: MailMessage) -> str:
        s = self.settings
        mime = build_mime(message, s.smtp_from)
        context = ssl.create_default_context()
        if s.smtp_port == 465:
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=self.timeout)
        with client:
            client.ehlo()
            if s.smtp_starttls and s.smtp_port != 465:
                client.starttls(context=context)
                client.ehlo()
            if s.smtp_user:
                client.login(s.smtp_user, s.smtp_password)
            client.send_message(mime)
        _record(message, self.via)
        return self.via


def get_mailer() -> Mailer:
    """SMTP when it is configured (`mode("smtp") == "live"`), else the Outbox."""
    settings = get_settings()
    return SmtpMailer(settings) if settings.mode("smtp") == "live" else OutboxMailer()


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


def outbox(user_id: int | None, limit: int = 50) -> list[OutboxEntry]:
    """The newest messages for one person (or every message when `user_id` is None)."""
    with session_scope() as db:
        query = select(Outbox).order_by(col(Outbox.created_at).desc(), col(Outbox.id).desc()).limit(limit)
        if user_id is not None:
            query = query.where(Outbox.user_id == user_id)
        return [
            OutboxEntry(r.id or 0, r.to, r.subject, r.html, r.text, r.headers, as_utc(r.created_at), r.sent_via)
            for r in db.exec(query).all()
        ]
