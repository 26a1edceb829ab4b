"""Mail about billing: receipts, plan changes and the trial reminder (the Outbox offline,
SMTP when configured). A mail that cannot be sent is logged; it never undoes the
billing change it tells about."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

from services import formatting
from services.accounts.models import User
from services.config import get_settings
from services.db import session_scope

log = logging.getLogger(__name__)


def _send(user_id: int, subject: str, text: str) -> None:
    from services.mail import MailMessage, get_mailer

    with session_scope() as db:
        user = db.get(User, user_id)
        to = user.email if user else ""
    if not to:
        return
    link = f"{get_settings().public_url}/billing"
    body = f"{text}\n\nYour plan and invoices: {link}"
    html = "".join(f"<p>{line}</p>" for line in body.split("\n\n"))
    try:
        get_mailer().send(MailMessage(to=to, subject=subject, html=html, text=body, user_id=user_id))
    except Exception:  # the mail is a courtesy: the billing change stands
        log.warning("billing: the mail %r to user %s could not be sent", subject, user_id, exc_info=True)


def receipt(user_id: int, invoice: dict[str, Any]) -> None:
    """A paid invoice: amount, number, period."""
    amount = formatting.money(Decimal(int(invoice.get("amount_paid") or 0)) / 100,
                              str(invoice.get("currency") or "eur").upper())
    number = invoice.get("number") or invoice.get("id") or ""
    test = " (test mode — no money moved)" if not invoice.get("livemode", True) else ""
    _send(user_id, f"Receipt {number}: {amount} for Simple Balance Pro{test}",
          f"Thank you: we received {amount} for Simple Balance Pro{test}. Invoice {number}.")


def plan_changed(user_id: int, plan: str, *, ended_trial: bool = False) -> None:
    """The plan went up to Pro or back to Free (data is kept either way)."""
    if plan == "pro":
        _send(user_id, "You're on Simple Balance Pro",
              "Your account is on Pro now: more worlds and label projects, scheduled world refresh with its "
              "history, bigger party rooms and more release packs.")
    elif ended_trial:
        _send(user_id, "Your Pro trial has ended",
              "Your Pro trial has ended and your account is on Free again. Everything you made is kept; items "
              "beyond the Free limits stay readable. Upgrade any time from the pricing page.")
    else:
        _send(user_id, "Your plan is now Free",
              "Your Pro subscription has ended and your account is on Free. Everything you made is kept; items "
              "beyond the Free limits stay readable.")


def trial_reminder(user_id: int, ends_at: datetime) -> None:
    """Two days before a trial ends."""
    _send(user_id, f"Your Pro trial ends on {formatting.date(ends_at)}",
          f"Your Pro trial ends on {formatting.date_time(ends_at)}. After that your account goes back to Free "
          "(nothing is deleted). To keep Pro, add a card in your billing portal before then.")
