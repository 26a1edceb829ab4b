"""Emails that tell a person about their account's security.

The account layer decides when and what; the mail layer delivers (SMTP when configured,
else the outbox). Mail depends on accounts already (through the quotas it charges), so
accounts never import it: `services.mail` registers its sender here with `deliver_with`
when it is imported (as it is with the table models, in every process).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from services import ratelimit
from services.config import get_settings

log = logging.getLogger(__name__)

NOTICE_EVERY = 24 * 3600.0  # at most one notice per account per day
Sender = Callable[[int, str, str, str, str], None]  # (user_id, to, subject, text, html)
_senders: list[Sender] = []


def deliver_with(sender: Sender) -> Sender:
    """Register the function that sends account notices (the mail package's)."""
    if sender not in _senders:
        _senders.append(sender)
    return sender


def send_failed_sign_in_notice(user_id: int, email: str, failures: int) -> bool:
    """Tell the owner that someone keeps failing to sign in; True when a notice went out
    (False when one was already sent today, or the mailer failed: sign-in never waits on it)."""
    if not _senders:
        log.error("no mail sender is registered: the failed sign-in notice to user %s is not sent", user_id)
        return False
    if ratelimit.take(f"signin-notice:user:{int(user_id)}", 1.0, 1.0 / NOTICE_EVERY) > 0:
        return False
    base = get_settings().public_url
    text = (
        f"Someone tried to sign in to your Simple Balance Music account {failures} times in the last hour "
        "with a wrong password.\n\nIf it was you, nothing is wrong: wait a moment and try again. If it was not, "
        "your account is safe: nobody signed in, and each wrong guess makes the next one wait longer. You can "
        f"still sign in as usual at {base}/login. Choose a long, unique password if yours is short.\n"
    )
    html = "".join(f"<p>{para}</p>" for para in text.strip().split("\n\n"))
    try:
        for send in _senders:
            send(user_id, email, "Failed sign-ins to your account", text, html)
    except Exception:
        log.exception("could not send the failed sign-in notice to user %s", user_id)
        return False
    log.warning("sign-in notice sent to user %s after %s failures", user_id, failures)
    return True
