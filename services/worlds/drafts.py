"""The "New world" wizard's progress per person, kept server-side so leaving and coming back loses nothing."""

from __future__ import annotations

from typing import Any

from services.db import session_scope, utcnow
from services.worlds.models import WorldWizardDraft


def load_draft(user_id: int) -> tuple[int, dict[str, Any]] | None:
    """(step, data) of the person's wizard in progress, or None."""
    with session_scope() as db:
        row = db.get(WorldWizardDraft, user_id)
        return None if row is None else (row.step, dict(row.data or {}))


def save_draft(user_id: int, step: int, data: dict[str, Any]) -> None:
    with session_scope() as db:
        row = db.get(WorldWizardDraft, user_id) or WorldWizardDraft(user_id=user_id)
        row.step, row.data, row.updated_at = int(step), dict(data), utcnow()
        db.add(row)


def clear_draft(user_id: int) -> None:
    with session_scope() as db:
        row = db.get(WorldWizardDraft, user_id)
        if row is not None:
            db.delete(row)
