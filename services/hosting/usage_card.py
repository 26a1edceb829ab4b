"""The account page's usage card: today's quotas, media storage, when quotas reset, and
how long an idle demo account is kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services import quotas, storage
from services.config import get_settings


@dataclass(frozen=True, slots=True)
class QuotaLine:
    """One quota: "AI tokens", "1,200" of "20,000", 6 %."""

    kind: str
    label: str
    used: str
    limit: str
    percent: int


@dataclass(frozen=True)
class UsageCard:
    rows: list[QuotaLine] = field(default_factory=list)
    storage_text: str = ""  # "12.3 MB of 100 MB"
    storage_percent: int = 0
    resets_at: str = ""  # "00:00 UTC (in 5 hr 12 min)"
    expires_note: str = ""  # for a demo account: when it is removed, and how to keep it


def usage_card(user_id: int, is_demo: bool, now: datetime | None = None) -> UsageCard:
    """The card of one account, now."""
    used = storage.storage_usage(user_id)
    days = get_settings().demo_expiry_days
    return UsageCard(
        rows=[QuotaLine(u.kind, u.label, u.used_text, u.limit_text, u.percent) for u in quotas.usage(user_id, now)],
        storage_text=used.text,
        storage_percent=used.percent,
        resets_at=quotas.reset_text(now),
        expires_note=(f"Demo accounts are removed after {days} days without a visit, with everything in them. "
                      "Add an email and password below to keep it.") if is_demo else "",
    )
