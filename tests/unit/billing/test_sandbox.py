"""The built-in test gateway: test cards at checkout, the portal, the test clock, the
trial, and its signed events going through the one webhook handler."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlmodel import select

from services import accounts
from services.billing import BillingError, billing_status, sandbox_gateway
from services.billing.models import WebhookEvent
from services.billing.sandbox import objects
from services.billing.sandbox.cards import CardError, check_card
from services.billing.sandbox.gateway import SandboxGateway
from services.billing.trials import send_reminders, start_trial, trial_available
from services.db import session_scope
from services.mail import outbox

pytestmark = pytest.mark.usefixtures("db")
START = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(START, tick=False):
        yield


def _user(email: str = "tester@example.com") -> int:
    return accounts.sign_up(email, "good pass 123")[0].id


def _card(number: str = "4242 4242 4242 4242") -> object:
    return check_card(number, "12/30", "123", START)


def _subscribe(gw: SandboxGateway, uid: int, number: str = "4242424242424242", interval: str = "month") -> str:
    url = gw.start_checkout(uid, interval)
    session_id = url.rsplit("/", 1)[-1]
    assert gw.pay(uid, session_id, _card(number)) == "complete"  # type: ignore[arg-type]
    return session_id


def test_the_success_card_makes_pro_with_an_invoice_and_a_receipt() -> None:
    gw, uid = sandbox_gateway(), _user()
    url = gw.start_checkout(uid, "month")
    assert url.startswith("/billing/checkout/cs_test_")
    _subscribe(gw, uid)
    status = billing_status(uid)
    assert (status.plan, status.status, status.interval) == ("pro", "active", "month")
    assert status.renews_at == START + timedelta(days=30)
    assert [(i.amount, i.status) for i in gw.invoices(uid)] == [("€9.00", "paid")]
    subjects = [m.subject for m in outbox(uid)]
    assert any(s.startswith("Receipt TEST-") and "€9.00" in s for s in subjects) and "You're on Simple Balance Pro" in subjects
    assert gw.start_checkout(uid, "year") == "/billing/portal"  # never a second checkout


def test_a_declined_card_changes_nothing_and_the_session_stays_open() -> None:
    gw, uid = sandbox_gateway(), _user()
    session_id = gw.start_checkout(uid, "month").rsplit("/", 1)[-1]
    with pytest.raises(BillingError, match="declined"):
        gw.pay(uid, session_id, _card("4000000000000002"))  # type: ignore[arg-type]
    assert billing_status(uid).plan == "free" and gw.invoices(uid) == []
    assert gw.checkout_view(uid, session_id).status == "open"
    assert gw.pay(uid, session_id, _card()) == "complete"  # type: ignore[arg-type]
    assert billing_status(uid).plan == "pro"


def test_three_d_secure_asks_first_and_a_refusal_charges_nothing() -> None:
    gw, uid = sandbox_gateway(), _user()
    session_id = gw.start_checkout(uid, "year").rsplit("/", 1)[-1]
    assert gw.pay(uid, session_id, _card("4000002500003155")) == "requires_action"  # type: ignore[arg-type]
    assert billing_status(uid).plan == "free"
    with pytest.raises(BillingError, match="not confirmed"):
        gw.confirm(uid, session_id, approve=False)
    assert billing_status(uid).plan == "free" and gw.checkout_view(uid, session_id).status == "open"
    assert gw.pay(uid, session_id, _card("4000002500003155")) == "requires_action"  # type: ignore[arg-type]
    assert gw.confirm(uid, session_id, approve=True) == "complete"
    assert (billing_status(uid).plan, billing_status(uid).interval) == ("pro", "year")


@pytest.mark.parametrize(("number", "expiry", "cvc", "message"), [
    ("4242 4242 4242 4241", "12/30", "123", "incorrect"),
    ("4242424242424242", "13/30", "123", "MM/YY"),
    ("4242424242424242", "11/26", "123", "past"),
    ("4242424242424242", "12/30", "12", "CVC"),
    ("5555 5555 5555 4444", "12/30", "123", "test mode"),  # a valid number that is no test card
])
def test_bad_card_input_says_what_to_fix(number: str, expiry: str, cvc: str, message: str) -> None:
    with pytest.raises(CardError, match=message):
        check_card(number, expiry, cvc, START)


def test_a_closed_checkout_tab_expires_after_a_day_and_nobody_else_can_pay_it() -> None:
    gw, uid, other = sandbox_gateway(), _user(), _user("other@example.com")
    gw.advance(timedelta(days=10))  # a checkout opened after the clock moved is dated on the test clock
    session_id = gw.start_checkout(uid, "month").rsplit("/", 1)[-1]
    with pytest.raises(BillingError, match="no such checkout"):
        gw.pay(other, session_id, _card())  # type: ignore[arg-type]
    gw.advance(timedelta(days=1, minutes=1))
    with pytest.raises(BillingError, match="expired"):
        gw.pay(uid, session_id, _card())  # type: ignore[arg-type]
    assert billing_status(uid).plan == "free"


def test_cancel_resume_and_the_period_end_back_to_free() -> None:
    gw, uid = sandbox_gateway(), _user()
    _subscribe(gw, uid)
    gw.cancel(uid)
    assert billing_status(uid).cancel_at_period_end and billing_status(uid).plan == "pro"
    gw.resume(uid)
    assert not billing_status(uid).cancel_at_period_end
    gw.cancel(uid)
    _, happened = gw.advance(timedelta(days=31))
    assert happened["ended"] == 1 and billing_status(uid).plan == "free"
    assert "Your plan is now Free" in [m.subject for m in outbox(uid)]


def test_renewals_then_a_failing_card_is_past_due_until_a_new_card_pays() -> None:
    gw, uid = sandbox_gateway(), _user()
    _subscribe(gw, uid)
    _, happened = gw.advance(timedelta(days=61))
    assert happened["renewed"] == 2 and len(gw.invoices(uid)) == 3
    assert billing_status(uid).renews_at == START + timedelta(days=90)
    gw.update_card(uid, _card("4000000000000341"))  # type: ignore[arg-type]
    _, happened = gw.advance(timedelta(days=30))
    status = billing_status(uid)
    assert happened["payment failed"] == 1 and status.past_due and status.plan == "pro"
    assert gw.invoices(uid)[0].status == "open"
    assert "paid" in gw.update_card(uid, _card())  # type: ignore[arg-type]
    assert billing_status(uid).status == "active" and gw.invoices(uid)[0].status == "paid"


def test_a_renewal_that_keeps_failing_ends_after_14_days_with_data_kept() -> None:
    gw, uid = sandbox_gateway(), _user()
    _subscribe(gw, uid, number="4000000000000341")
    gw.advance(timedelta(days=31))
    assert billing_status(uid).past_due
    _, happened = gw.advance(timedelta(days=14))
    assert happened["ended"] == 1 and billing_status(uid).plan == "free"
    assert [i.status for i in gw.invoices(uid)] == ["void", "paid"]


def test_change_plan_to_yearly_charges_the_new_price_at_renewal() -> None:
    gw, uid = sandbox_gateway(), _user()
    _subscribe(gw, uid)
    gw.change_plan(uid, "year")
    assert billing_status(uid).interval == "year"
    gw.advance(timedelta(days=30))
    assert gw.invoices(uid)[0].amount == "€90.00"
    with pytest.raises(BillingError, match="already"):
        gw.change_plan(uid, "year")


def test_the_trial_once_with_its_reminder_and_a_clean_end() -> None:
    gw, uid = sandbox_gateway(), _user()
    assert trial_available(uid)
    assert start_trial(uid) == "/billing?trial=started"
    status = billing_status(uid)
    assert (status.plan, status.status, status.renews_at) == ("pro", "trialing", START + timedelta(days=7))
    assert not trial_available(uid)
    with pytest.raises(BillingError, match="already"):
        start_trial(uid)
    assert send_reminders(gw.now()) == (0, 0)  # 7 days left: too early
    gw.advance(timedelta(days=5, hours=1))
    assert send_reminders(gw.now()) == (1, 0) and send_reminders(gw.now()) == (0, 0)  # once
    assert any(m.subject.startswith("Your Pro trial ends on 11 Dec 2026") for m in outbox(uid))
    _, happened = gw.advance(timedelta(days=2))
    assert happened["trial ended"] == 1 and billing_status(uid).plan == "free"
    assert "Your Pro trial has ended" in [m.subject for m in outbox(uid)]
    with pytest.raises(BillingError, match="already"):
        start_trial(uid)


def test_a_trial_with_a_card_added_and_resumed_becomes_a_paid_subscription() -> None:
    gw, uid = sandbox_gateway(), _user()
    start_trial(uid)
    with pytest.raises(BillingError, match="Add a card"):
        gw.resume(uid)
    gw.update_card(uid, _card())  # type: ignore[arg-type]
    gw.resume(uid)
    _, happened = gw.advance(timedelta(days=8))
    assert happened["renewed"] == 1 and billing_status(uid).status == "active"


def test_replayed_tampered_and_unknown_events_leave_the_plan_right() -> None:
    gw, uid = sandbox_gateway(), _user()
    delivered: list[bytes] = []
    real = gw.handle_webhook

    def spy(body: bytes, sig: str | None):  # type: ignore[no-untyped-def]
        delivered.append(body)
        return real(body, sig)

    gw.handle_webhook = spy  # type: ignore[method-assign]
    try:
        _subscribe(gw, uid)
        gw.cancel(uid)
        gw.advance(timedelta(days=31))
    finally:
        del gw.handle_webhook
    assert billing_status(uid).plan == "free"
    created = next(b for b in delivered if b"customer.subscription.created" in b)
    replay = gw.handle_webhook(created, objects.sign(created, gw.webhook_secret))
    assert replay.message == "duplicate delivery ignored" and billing_status(uid).plan == "free"
    forged = created.replace(b'"id": "evt_test_', b'"id": "evt_test_x')
    assert gw.handle_webhook(forged, objects.sign(created, gw.webhook_secret)).status_code == 400
    assert gw.handle_webhook(created, objects.sign(created, "whsec_someone_else")).status_code == 400
    assert gw.handle_webhook(created, None).status_code == 400
    stale = objects.sign(created, gw.webhook_secret, timestamp=int(START.timestamp()) - 3600)
    assert gw.handle_webhook(created, stale).status_code == 400
    # an event out of order re-reads the subscription: a fresh "created" of the ended one keeps Free
    fresh = created.replace(b'"id": "evt_test_', b'"id": "evt_test_again')
    assert gw.handle_webhook(fresh, objects.sign(fresh, gw.webhook_secret)).status_code == 200
    assert billing_status(uid).plan == "free"
    nobody = objects.event("customer.subscription.updated", {"id": "sub_test_nobody", "object": "subscription",
                                                             "customer": "cus_test_nobody"})
    result = gw.handle_webhook(nobody, objects.sign(nobody, gw.webhook_secret))
    assert (result.status_code, result.message) == (200, "unknown customer")
    with session_scope() as db:
        assert db.exec(select(WebhookEvent).where(WebhookEvent.outcome == "unknown customer")).first() is not None


def test_a_missing_price_is_said_and_not_charged(settings) -> None:  # type: ignore[no-untyped-def]
    settings(PLAN_PRO_YEARLY_AMOUNT="")
    gw, uid = sandbox_gateway(), _user()
    assert not gw.prices()["year"].offered and gw.prices()["year"].text == "no yearly price is set on this instance"
    with pytest.raises(BillingError, match="no price"):
        gw.start_checkout(uid, "year")
    assert gw.start_checkout(uid, "month").startswith("/billing/checkout/")


def test_the_test_clock_moves_only_ahead_and_within_bounds() -> None:
    gw = sandbox_gateway()
    moved, _ = gw.advance(timedelta(days=3))
    assert moved == START + timedelta(days=3) == gw.now()
    with pytest.raises(ValueError):
        gw.advance(timedelta(days=-1))
    with pytest.raises(ValueError):
        gw.advance(timedelta(days=500))
