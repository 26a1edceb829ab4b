"""Today's quota use and media storage of the signed-in person, for the account page.

Vars: `rows` (one dict per quota: label, used, limit, percent), `storage_text`
("12.3 MB of 100 MB"), `storage_percent`, `resets_at` ("00:00 UTC, in 5 h 12 min"),
`is_demo`, `expires_note` (when an idle demo account is removed). AI usage recorded
anywhere is pushed here live.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services import quotas, storage
from services.ai.usage import USAGE_TOPIC
from services.config import get_settings
from state.auth import current_user
from state.live import on_change


class UsageState(rx.State):
    rows: list[dict[str, str]] = []
    storage_text: str = ""
    storage_percent: int = 0
    resets_at: str = ""
    expires_note: str = ""
    _user_id: int | None = None

    def _fill(self, user_id: int, is_demo: bool) -> None:
        self.rows = [
            {"kind": u.kind, "label": u.label, "used": u.used_text, "limit": u.limit_text, "percent": str(u.percent)}
            for u in quotas.usage(user_id)
        ]
        used = storage.storage_usage(user_id)
        self.storage_text, self.storage_percent = used.text, used.percent
        self.resets_at = quotas.reset_text()
        days = get_settings().demo_expiry_days
        self.expires_note = (
            f"Demo accounts are removed after {days} days without a visit, with everything in them. "
            "Add an email and password below to keep it." if is_demo else ""
        )

    @rx.event
    async def load(self):
        """Fill the card for the signed-in person."""
        user = await current_user(self)
        if user is None:
            return
        self._user_id = user.id
        await asyncio.to_thread(self._fill, user.id, user.is_demo)


async def _refresh(state: UsageState) -> None:
    user = await current_user(state)
    if user is not None:
        await asyncio.to_thread(state._fill, user.id, user.is_demo)


on_change(USAGE_TOPIC, UsageState, _refresh)
