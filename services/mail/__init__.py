"""Email for every area: SMTP when `SMTP_HOST` is set, else the Outbox (offline default).

    from services.mail import MailMessage, get_mailer
    get_mailer().send(MailMessage(to, subject, html, text, user_id=user_id))

Either way every message is recorded in the `Outbox` table with `sent_via`, so the
outbox page doubles as a sent-mail log. The registry picks the adapter.
"""

from __future__ import annotations

from services.accounts.notices import deliver_with
from services.mail.message import MailMessage, Mailer
from services.mail.outbox import OutboxEntry, OutboxMailer, outbox
from services.registry import registry


def get_mailer() -> Mailer:
    """The registry's mailer: SMTP when it is configured (`SMTP_HOST`), else the Outbox."""
    mailer: Mailer = registry.get("mail")
    return mailer


@deliver_with
def send_account_notice(user_id: int, to: str, subject: str, text: str, html: str) -> None:
    """How account emails (confirmation and reset links, security notices) reach their owner."""
    get_mailer().send(MailMessage(to=to, subject=subject, html=html, text=text, user_id=user_id))


__all__ = ["MailMessage", "Mailer", "OutboxEntry", "OutboxMailer", "get_mailer", "outbox"]
