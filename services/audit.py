"""The audit log: who did what to the instance (operators' job runs, refused attempts).

One row per attempt, allowed or refused, so a reviewer can answer "who ran this, and
who tried to?" from the database alone; each is also logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Field, SQLModel, col, select

from services.db import as_utc, session_scope, utcnow

log = logging.getLogger("audit")


class AuditEntry(SQLModel, table=True):
    """One operator action or refused attempt."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, index=True)  # kept when the account goes
    actor: str = Field(default="", max_length=300)  # "user 3 <ops@example.com>" at the time
    action: str = Field(max_length=60)  # e.g. "job.run"
    target: str = Field(default="", max_length=200)
    outcome: str = Field(max_length=20)  # "started" | "refused"
    detail: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class AuditView:
    at: datetime
    actor: str
    action: str
    target: str
    outcome: str
    detail: str


def record(user_id: int | None, actor: str, action: str, target: str, outcome: str, detail: str = "") -> None:
    """Write one entry (and a log line); a refusal is logged as a warning."""
    with session_scope() as db:
        db.add(AuditEntry(user_id=user_id, actor=actor[:300], action=action[:60], target=target[:200],
                          outcome=outcome[:20], detail=detail[:500]))
    level = logging.WARNING if outcome == "refused" else logging.INFO
    log.log(level, "%s %s %s by %s%s", action, target, outcome, actor, f": {detail}" if detail else "")


def recent(limit: int = 20, action: str | None = None) -> list[AuditView]:
    """The latest entries, newest first."""
    with session_scope() as db:
        query = select(AuditEntry).order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(limit)
        if action:
            query = query.where(AuditEntry.action == action)
        return [AuditView(as_utc(r.at) or r.at, r.actor, r.action, r.target, r.outcome, r.detail)
                for r in db.exec(query).all()]
