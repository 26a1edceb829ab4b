"""One behavioural suite, run against both payment adapters: Stripe (the real `stripe`
library against the local fake, events signed as Stripe signs them) and the built-in
test gateway (its own checkout, portal and test clock). Each driver plays what the
provider does; the assertions — what plan the person is on — are the same."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Protocol

import pytest
import time_machine

from services import accounts
from services.billing import billing_status, payments, sandbox_gateway
from services.billing.sandbox.cards import check_card
from tests.contract.fake_stripe import WEBHOOK_SECRET, FakeStripe, signed_event

pytestmark = pytest.mark.usefixtures("db")
START = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)


class Driver(Protocol):
    def subscribe(self, uid: int) -> None: ...
    def decline(self, uid: int) -> None: ...
    def cancel(self, uid: int) -> None: ...
    def resume(self, uid: int) -> None: ...
    def renew(self, uid: int, paid: bool) -> None: ...
    def recover(self, uid: int) -> None: ...
    def end_period(self, uid: int) -> None: ...
    def redeliver_first(self) -> str: ...


class StripeDriver:
    """What Stripe does, played on the fake; every change arrives as a signed event."""

    def __init__(self, fake: FakeStripe) -> None:
        self.fake, self.sent, self.sub = fake, [], "sub_1"
        self.customer = ""

    def _send(self, etype: str, obj: dict) -> None:  # type: ignore[type-arg]
        body, sig = signed_event(etype, obj, event_id=f"evt_{len(self.sent) + 1}")  # time is frozen: number them
        self.sent.append((body, sig))
        assert payments().handle_webhook(body, sig).status_code == 200

    def _set(self, status: str, cancel: bool = False) -> dict:  # type: ignore[type-arg]
        return self.fake.set_subscription(self.sub, self.customer, status, cancel_at_period_end=cancel)

    def subscribe(self, uid: int) -> None:
        payments().start_checkout(uid, "month")
        self.customer = list(self.fake.customers)[-1]
        self._set("active")
        self._send("checkout.session.completed", {"id": "cs_1", "object": "checkout.session", "customer": self.customer,
                                                  "subscription": self.sub, "client_reference_id": str(uid)})

    def decline(self, uid: int) -> None:
        payments().start_checkout(uid, "month")  # Stripe's page refuses the card: no event at all

    def cancel(self, uid: int) -> None:
        self._send("customer.subscription.updated", self._set("active", cancel=True))

    def resume(self, uid: int) -> None:
        self._send("customer.subscription.updated", self._set("active"))

    def renew(self, uid: int, paid: bool) -> None:
        self._set("active" if paid else "past_due")
        invoice = {"id": "in_r", "object": "invoice", "customer": self.customer, "subscription": self.sub}
        self._send("invoice.paid" if paid else "invoice.payment_failed", invoice)

    def recover(self, uid: int) -> None:
        self.renew(uid, paid=True)

    def end_period(self, uid: int) -> None:
        self._send("customer.subscription.deleted", self._set("canceled"))

    def redeliver_first(self) -> str:
        body, sig = self.sent[0]
        return payments().handle_webhook(body, sig).message


class SandboxDriver:
    """The built-in gateway: its checkout, portal and test clock; it delivers its own events."""

    def __init__(self) -> None:
        self.gw = sandbox_gateway()
        self.sent: list[tuple[bytes, str | None]] = []
        real = self.gw.handle_webhook

        def spy(body: bytes, sig: str | None):  # type: ignore[no-untyped-def]
            self.sent.append((body, sig))
            return real(body, sig)

        self.gw.handle_webhook = spy  # type: ignore[method-assign]

    def _card(self, number: str = "4242424242424242"):  # type: ignore[no-untyped-def]
        return check_card(number, "12/30", "123", START)

    def subscribe(self, uid: int) -> None:
        session = self.gw.start_checkout(uid, "month").rsplit("/", 1)[-1]
        assert self.gw.pay(uid, session, self._card()) == "complete"

    def decline(self, uid: int) -> None:
        session = self.gw.start_checkout(uid, "month").rsplit("/", 1)[-1]
        with pytest.raises(Exception, match="declined"):
            self.gw.pay(uid, session, self._card("4000000000000002"))

    def cancel(self, uid: int) -> None:
        self.gw.cancel(uid)

    def resume(self, uid: int) -> None:
        self.gw.resume(uid)

    def renew(self, uid: int, paid: bool) -> None:
        if not paid:
            self.gw.update_card(uid, self._card("4000000000000341"))
        self.gw.advance(timedelta(days=30))

    def recover(self, uid: int) -> None:
        self.gw.update_card(uid, self._card())

    def end_period(self, uid: int) -> None:
        self.gw.cancel(uid)
        self.gw.advance(timedelta(days=31))

    def redeliver_first(self) -> str:
        body, sig = self.sent[0]
        return self.gw.handle_webhook(body, sig).message


@pytest.fixture(params=["stripe", "test"])
def driver(request: pytest.FixtureRequest, settings) -> Iterator[Driver]:  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False):
        if request.param == "test":
            d = SandboxDriver()
            yield d
            del d.gw.handle_webhook
            return
        fake = FakeStripe().start()
        try:
            settings(STRIPE_SECRET_KEY="sk_test_fake", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=fake.url,
                     PRICE_PRO_MONTHLY="price_month", PRICE_PRO_YEARLY="price_year")
            yield StripeDriver(fake)
        finally:
            fake.stop()


def _user() -> int:
    return accounts.sign_up(f"g{uuid.uuid4().hex[:12]}@example.com", "good pass 123")[0].id


def test_checkout_success_and_a_decline(driver: Driver) -> None:
    declined, paying = _user(), _user()
    driver.decline(declined)
    assert billing_status(declined).plan == "free"
    driver.subscribe(paying)
    assert (billing_status(paying).plan, billing_status(paying).status) == ("pro", "active")


def test_cancel_at_period_end_resume_and_the_period_end(driver: Driver) -> None:
    uid = _user()
    driver.subscribe(uid)
    driver.cancel(uid)
    assert billing_status(uid).plan == "pro" and billing_status(uid).cancel_at_period_end
    driver.resume(uid)
    assert not billing_status(uid).cancel_at_period_end
    driver.end_period(uid)
    assert billing_status(uid).plan == "free"


def test_renewal_then_a_failed_one_is_past_due_until_recovered(driver: Driver) -> None:
    uid = _user()
    driver.subscribe(uid)
    driver.renew(uid, paid=True)
    assert billing_status(uid).status == "active"
    driver.renew(uid, paid=False)
    assert billing_status(uid).past_due and billing_status(uid).plan == "pro"
    driver.recover(uid)
    assert billing_status(uid).status == "active" and not billing_status(uid).past_due


def test_a_duplicate_and_a_late_event_leave_the_current_plan(driver: Driver) -> None:
    uid = _user()
    driver.subscribe(uid)
    driver.end_period(uid)
    assert driver.redeliver_first() == "duplicate delivery ignored"
    assert billing_status(uid).plan == "free"
