"""Daily quotas per account (lower for demo accounts) and for the whole instance."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services import quotas
from services.ai.usage import quota_left, record_usage
from services.db import session_scope
from services.mail import MailMessage
from services.mail.smtp import SmtpMailer
from services.config import get_settings

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]
NOON = datetime(2026, 11, 22, 12, 30, tzinfo=timezone.utc)


def _charge(user_id: int | None, kind: str, amount: int = 1, now: datetime = NOON) -> None:
    with session_scope() as db:
        quotas.charge(db, user_id, kind, amount, now=now)


def test_an_account_reaches_its_daily_limit_with_a_clear_message(settings, make_user) -> None:
    settings(QUOTA_BEATS=2, QUOTA_BEATS_DEMO=1, QUOTA_BEATS_INSTANCE=100)
    ana = make_user()
    _charge(ana, "beats")
    _charge(ana, "beats")
    with pytest.raises(quotas.QuotaExceeded) as refused:
        _charge(ana, "beats")
    err = refused.value
    assert err.scope == f"user:{ana}" and err.limit == 2
    assert "2 of 2" in err.message and "resets at 00:00 UTC (in 11 hr 30 min)" in err.message
    assert err.resets_at == datetime(2026, 11, 23, tzinfo=timezone.utc)
    # the next day starts again
    _charge(ana, "beats", now=datetime(2026, 11, 23, 0, 1, tzinfo=timezone.utc))


def test_demo_accounts_get_lower_limits(settings, make_user) -> None:
    settings(QUOTA_BEATS=5, QUOTA_BEATS_DEMO=1)
    demo = make_user(is_demo=True)
    _charge(demo, "beats")
    with pytest.raises(quotas.QuotaExceeded):
        _charge(demo, "beats")


def test_the_instance_wide_cap_holds_across_accounts_and_a_refusal_costs_nothing(settings, make_user) -> None:
    settings(QUOTA_EMAILS=10, QUOTA_EMAILS_INSTANCE=3)
    a, b, c = make_user(), make_user(), make_user()
    _charge(a, "emails", 2)
    _charge(b, "emails")
    with pytest.raises(quotas.QuotaExceeded) as refused:
        _charge(c, "emails")
    assert refused.value.scope == quotas.INSTANCE
    assert "for everyone on this instance" in refused.value.message
    rows = {u.kind: u for u in quotas.usage(c, now=NOON)}
    assert rows["emails"].used == 0 and rows["emails"].instance_used == 3  # nothing counted for the refusal


def test_uploads_count_bytes_against_megabyte_limits(settings, make_user) -> None:
    settings(QUOTA_UPLOAD_MB=1)
    ana = make_user()
    with session_scope() as db:
        quotas.check(db, ana, "upload_bytes", 900_000, now=NOON)
        quotas.charge(db, ana, "upload_bytes", 900_000, now=NOON)
        with pytest.raises(quotas.QuotaExceeded, match="0.9 MB of 1.0 MB"):
            quotas.check(db, ana, "upload_bytes", 200_000, now=NOON)


def test_live_ai_tokens_are_counted_and_stop_live_calls_when_used_up(settings, make_user) -> None:
    settings(QUOTA_AI_TOKENS=1000)
    ana = make_user()
    assert quota_left(ana) is None
    record_usage("lyrics", "gpt-4o-mini", 700, 400, ana)  # spent: counted even past the limit
    refused = quota_left(ana)
    assert refused and "AI tokens" in refused and "1,100 of 1,000" in refused
    assert {u.kind: u.used for u in quotas.usage(ana)}["ai_tokens"] == 1100


def test_sending_real_mail_is_refused_past_the_email_quota(settings, make_user) -> None:
    settings(QUOTA_EMAILS=1, SMTP_HOST="127.0.0.1", SMTP_PORT=9)  # nothing listens on port 9
    ana = make_user()
    mailer = SmtpMailer(get_settings(), timeout=1)
    message = MailMessage(to="a@example.com", subject="s", html="<p>h</p>", text="t", user_id=ana)
    with pytest.raises(OSError):
        mailer.send(message)  # failed delivery: the quota is given back
    assert {u.kind: u.used for u in quotas.usage(ana)}["emails"] == 0
    with session_scope() as db:
        quotas.charge(db, ana, "emails")
    with pytest.raises(quotas.QuotaExceeded):
        mailer.send(message)
