"""The account page's usage card: today's quotas, storage, the reset time, a demo's expiry."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from services import accounts, quotas, storage
from services.db import session_scope
from services.hosting.usage_card import QuotaLine, usage_card

pytestmark = pytest.mark.usefixtures("db")
EVENING = datetime(2026, 11, 22, 18, 45, tzinfo=timezone.utc)


def test_the_card_counts_today_and_says_when_it_resets() -> None:
    uid = accounts.sign_up("usage@example.com", "good pass 123")[0].id
    with session_scope() as db:
        quotas.charge(db, uid, "ai_tokens", 1234, now=EVENING)
        quotas.charge(db, uid, "upload_bytes", 5 * 1024 * 1024, now=EVENING)
    card = usage_card(uid, is_demo=False, now=EVENING)
    rows = {r.kind: r for r in card.rows}
    assert rows["ai_tokens"] == QuotaLine("ai_tokens", "AI tokens", "1,234", "200,000", 1)
    assert (rows["upload_bytes"].used, rows["upload_bytes"].limit) == ("5.0 MB", "500.0 MB")
    assert card.resets_at == "00:00 UTC (in 5 hr 15 min)"
    assert re.fullmatch(r"\d+\.\d MB of 2,048 MB", card.storage_text) and card.expires_note == ""
    assert card.storage_percent == round(100 * storage.used_bytes(uid) / (2048 * 1024 * 1024))


def test_a_demo_account_is_told_how_long_it_is_kept() -> None:
    uid = accounts.sign_up("demo-usage@example.com", "good pass 123")[0].id
    assert "removed after 7 days without a visit" in usage_card(uid, is_demo=True, now=EVENING).expires_note
