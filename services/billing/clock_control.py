"""Operators move the test gateway's clock from the System panel to see renewals,
failed payments (past_due), period ends and trial reminders without waiting.

Only operators, only with test-mode payments; every move is audited like a manual job run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from services import audit, formatting
from services.accounts import UserInfo
from services.billing.trials import send_reminders
from services.db import utcnow

STEPS: dict[str, int] = {"1 day": 1, "7 days": 7, "1 month": 30}


@dataclass(frozen=True, slots=True)
class ClockView:
    shown: bool
    now: str  # "4 Dec 2026, 17:05 UTC"
    ahead: str  # "37 days ahead of real time" | "real time"


def _gateway():  # type: ignore[no-untyped-def]
    from services.billing import payments
    from services.billing.sandbox.gateway import SandboxGateway

    gateway = payments()
    return gateway if isinstance(gateway, SandboxGateway) else None


def clock_view(user: UserInfo | None) -> ClockView:
    gateway = _gateway()
    if gateway is None or user is None or not user.is_operator:
        return ClockView(False, "", "")
    now = gateway.now()
    ahead = now - utcnow()
    return ClockView(True, formatting.date_time(now),
                     f"{formatting.span(ahead)} ahead of real time" if ahead >= timedelta(minutes=1) else "real time")


def advance_clock(user: UserInfo | None, by: timedelta) -> str:
    """Move the clock for an operator; returns what happened. `PermissionError` for anyone else."""
    actor = f"user {user.id} <{user.email}>" if user else "signed-out visitor"
    gateway = _gateway()
    refusal = ("Only operators can move the test clock." if user is None or not user.is_operator
               else "Payments are live: there is no test clock." if gateway is None else "")
    if refusal:
        audit.record(user.id if user else None, actor, "billing.clock", f"+{by.days}d", "refused", refusal)
        raise PermissionError(refusal)
    assert gateway is not None
    moved_to, happened = gateway.advance(by)
    sent, _failed = send_reminders(moved_to)
    parts = [f"{n} {what}" for what, n in sorted(happened.items())]
    if sent:
        parts.append(f"{sent} trial reminder(s) sent")
    said = f"Test clock now {formatting.date_time(moved_to)}: " + (", ".join(parts) or "nothing fell due") + "."
    audit.record(user.id if user else None, actor, "billing.clock", f"+{by.days}d", "done", said[:500])
    return said
