"""Real delivery through the configured SMTP server (STARTTLS unless disabled; 465 = TLS).

Every message counts against the daily `emails` quota (given back when delivery fails)
and is recorded in the outbox table with `sent_via="smtp"`.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from services import quotas
from services.config import Settings
from services.mail.message import MailMessage, record_sent


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
    """The live mailer (`SMTP_HOST` and friends)."""

    via = "smtp"

    def __init__(self, settings: Settings, timeout: float = 20.0) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, message: MailMessage) -> str:
        # Real mail costs reputation and money: the daily email quota (raises QuotaExceeded).
        with quotas.spend(message.user_id, "emails"):
            return self._send(message)

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
        record_sent(message, self.via)
        return self.via
