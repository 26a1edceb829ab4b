"""The pricing page, the test checkout and portal pages, the limit message for someone
on Pro, and the test clock, driven as a tab drives them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
import time_machine

from services.billing import billing_status
from services.mail import outbox
from state.billing import BillingState
from state.pricing import PricingState
from state.sandbox_clock import SandboxClockState
from state.sandbox_pay import SandboxCheckoutState, SandboxPortalState
from state.upgrade import UpgradeState
from tests.state.tabs import Tab

pytestmark = pytest.mark.usefixtures("db")
CARD = {"card_number": "4242 4242 4242 4242", "card_expiry": "12/30", "card_cvc": "123"}


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 4, 12, tzinfo=timezone.utc), tick=False):
        yield


async def _checkout(tab: Tab, interval: str = "month") -> SandboxCheckoutState:
    effect = await tab.state(PricingState).checkout(interval)
    path = repr(effect).split("/billing/checkout/")[1].split("'")[0].split('"')[0]
    tab.go(f"/billing/checkout/{path}")
    checkout = tab.state(SandboxCheckoutState)
    await checkout.load()
    return checkout


async def test_a_visitor_sees_both_plans_with_prices_and_is_sent_to_sign_up() -> None:
    tab = Tab("/pricing")
    pricing = tab.state(PricingState)
    await pricing.load()
    assert (pricing.who, pricing.monthly, pricing.yearly) == ("visitor", "€9.00 a month", "€90.00 a year")
    assert pricing.test_mode and not pricing.trial_available
    assert any(row.feature == "Saved worlds" and row.free == "2" for row in pricing.rows)
    assert "/signup?next=/pricing" in repr(await pricing.checkout("month"))
    tab.go("/pricing?checkout=cancel")
    await pricing.load()
    assert pricing.notice == "Checkout closed: nothing was charged."


async def test_checkout_with_a_decline_then_4242_makes_pro_and_the_portal_cancels() -> None:
    tab = Tab("/pricing")
    uid = tab.sign_up("Pia")
    checkout = await _checkout(tab)
    assert (checkout.status, checkout.price) == ("open", "€9.00 a month")
    assert await checkout.pay({**CARD, "card_number": "4000 0000 0000 0002"}) is None
    assert "declined" in checkout.error and checkout.error_field == "" and billing_status(uid).plan == "free"
    assert await checkout.pay({**CARD, "card_expiry": "1/2"}) is None and checkout.error_field == "card_expiry"
    assert "/billing?checkout=success" in repr(await checkout.pay(CARD))
    assert billing_status(uid).plan == "pro"

    tab.go("/billing?checkout=success")
    billing = tab.state(BillingState)
    await billing.load()
    assert billing.plan == "pro" and billing.notice.startswith("Payment received") and len(billing.invoices) == 1
    pricing = tab.state(PricingState)
    await pricing.load()
    assert pricing.who == "pro" and pricing.now_text == "You are on Pro; it renews on 3 Jan 2027."
    assert "/billing/portal" in repr(await pricing.checkout("year"))  # never a second checkout

    tab.go("/billing/portal")
    portal = tab.state(SandboxPortalState)
    await portal.load()
    assert (portal.status, portal.interval, portal.card, portal.other_price) == ("active", "month", "4242", "€90.00 a year")
    await portal.cancel()
    assert portal.cancel_at_period_end and portal.message.startswith("Cancelled")
    assert billing_status(uid).cancel_at_period_end
    await portal.cancel()
    assert "already" in portal.error
    await portal.resume()
    await portal.update_card({**CARD, "card_number": "4000000000000341"})
    assert portal.card == "0341" and portal.card_fails

    upgrade = tab.state(UpgradeState)
    await upgrade.show("worlds", "The Pro plan allows up to 100 saved worlds (fair use).")
    assert (upgrade.action, upgrade.action_label) == ("portal", "Manage your plan")
    assert "/billing/portal" in repr(await upgrade.upgrade())


async def test_the_three_d_secure_step_and_a_session_of_someone_else() -> None:
    tab = Tab("/pricing")
    tab.sign_up("Tess")
    checkout = await _checkout(tab, "year")
    await checkout.pay({**CARD, "card_number": "4000 0025 0000 3155"})
    assert (checkout.status, checkout.pending_last4) == ("requires_action", "3155")
    assert await checkout.confirm(False) is None and "not confirmed" in checkout.error and checkout.status == "open"
    other = Tab(checkout.router.url.path)
    other.sign_up("Otto")
    stranger = other.state(SandboxCheckoutState)
    await stranger.load()
    assert stranger.status == "missing" and "no such checkout" in stranger.error


async def test_the_trial_from_pricing_and_the_operators_test_clock() -> None:
    tab = Tab("/pricing")
    uid = tab.sign_up("Tia")
    pricing = tab.state(PricingState)
    await pricing.load()
    assert pricing.trial_available and pricing.trial_days == 7
    assert "/billing?trial=started" in repr(await pricing.trial())
    assert billing_status(uid).status == "trialing"

    clock = tab.state(SandboxClockState)
    await clock.load()
    assert not clock.shown  # not an operator
    assert await clock.advance("7 days") is not None and billing_status(uid).status == "trialing"

    op = Tab("/")
    op_id = op.sign_up("Olga")
    _make_operator(op_id)
    op_clock = op.state(SandboxClockState)
    await op_clock.load()
    assert op_clock.shown and op_clock.ahead == "real time"
    await op_clock.advance("1 day")
    await op_clock.advance("1 day")
    await op_clock.advance("1 day")
    await op_clock.advance("1 day")
    await op_clock.advance("1 day")
    assert "1 trial reminder(s) sent" in op_clock.last
    assert any(m.subject.startswith("Your Pro trial ends on") for m in outbox(uid))
    await op_clock.advance("7 days")
    assert "1 trial ended" in op_clock.last and billing_status(uid).plan == "free"
    assert op_clock.ahead == "12 days ahead of real time"


def _make_operator(user_id: int) -> None:
    from services.accounts.models import User
    from services.db import session_scope

    with session_scope() as db:
        user = db.get(User, user_id)
        assert user is not None
        user.is_operator = True
        db.add(user)


async def test_a_limited_world_refresh_opens_the_limit_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.worlds import jobs
    from state.worlds.world import OpenWorldState

    said = "Free refreshes each world by hand once a week: next on 11 Dec."
    monkeypatch.setattr(jobs, "refresh_one", lambda *a, **k: jobs.RefreshOutcome(False, said, limited=True))
    tab = Tab("/worlds/1")
    tab.sign_up("Wim")
    effects = await tab.run(OpenWorldState.refresh_now)
    assert tab.state(OpenWorldState).message == said
    assert len(effects) == 1 and "UpgradeState.show" in repr(effects[0]) and "world_refresh" in repr(effects[0])
    upgrade = tab.state(UpgradeState)
    await upgrade.show("world_refresh", said)
    assert upgrade.pro_gives.startswith("Pro: refresh any world now as often as you like")
