"""The small states (billing, usage, status, library, AI usage, upgrade, Spotify), driven
as a tab drives them: what a signed-in person and a visitor see."""

from __future__ import annotations

import pytest
import reflex as rx

from services import accounts, quotas
from services.catalog.generator import seed_catalog
from services.db import session_scope
from state.ai_usage import AIUsageState
from state.billing import BillingState
from state.library import LibraryState
from state.spotify import SpotifyState
from state.status import StatusState
from state.upgrade import UpgradeState
from state.usage import UsageState
from tests.state.tabs import Tab

pytestmark = pytest.mark.usefixtures("db")


async def test_billing_shows_the_free_plan_in_labelled_test_mode() -> None:
    tab = Tab("/billing")
    billing = tab.state(BillingState)
    await billing.load()
    assert billing.limits == []  # a visitor: nothing read
    tab.sign_up("Bea")
    await billing.load()
    assert (billing.plan, billing.plan_title, billing.configured, billing.test_mode) == ("free", "Free", True, True)
    assert billing.gateway_label == "Test mode — no money moves" and billing.trial_available
    assert [line.feature for line in billing.limits][-1] == "People in a party room"
    assert await billing.portal() is None and "subscribe to Pro first" in billing.error
    assert "/billing/checkout/cs_test_" in repr(await billing.checkout("month"))
    await billing.load()
    assert billing.error == ""


async def test_usage_counts_what_the_account_used_today() -> None:
    tab = Tab("/account")
    user_id = tab.sign_up("Uma")
    with session_scope() as db:
        quotas.charge(db, user_id, "beats", 2)
    usage = tab.state(UsageState)
    await usage.load()
    beats = next(r for r in usage.rows if r.kind == "beats")
    assert (beats.used, beats.limit, beats.percent) == ("2", "20", 10)
    assert usage.storage_text.endswith("of 2,048 MB") and "UTC (in " in usage.resets_at and usage.expires_note == ""


async def test_status_fills_once_even_when_asked_twice() -> None:
    tab = Tab("/status")
    await tab.run(StatusState.load)
    status = tab.state(StatusState)
    assert status.checked_at.endswith(" UTC") and status.services and status.jobs and not status.loading
    status.loading = True  # a check already running: a second press does nothing
    status.checked_at = ""
    await tab.run(StatusState.load)
    assert status.checked_at == ""


async def test_library_and_ai_usage_cards_of_a_new_account(_schema: None) -> None:
    seed_catalog(artists=40)
    tab = Tab("/")
    user, token = accounts.sign_up("lib@example.com", "good pass 123", "Lib")
    from services.catalog.library import seed_demo_library

    seed_demo_library(user.id)
    tab.sign_in(token)
    library = tab.state(LibraryState)
    effects = await tab.run(LibraryState.load)
    assert effects == [None]  # one update on the way (the spinner), then the rows
    assert library.is_demo and library.source_label and library.artists and not library.loading
    assert all(r.when for r in library.recent) and all(p.count.endswith(("track", "tracks")) for p in library.playlists)

    ai = tab.state(AIUsageState)
    await ai.load()
    assert (ai.calls, ai.tokens, ai.cost, ai.live_mode) == (0, "0", "$0.0000", False) and ai.rows == []


async def test_the_upgrade_dialog_names_the_limit_pro_and_the_price_with_one_button() -> None:
    upgrade = Tab().state(UpgradeState)
    await upgrade.show("worlds", "The Free plan allows 2 saved worlds.")
    assert upgrade.open and upgrade.feature == "worlds"
    assert upgrade.pro_gives == "Pro: up to 100 saved worlds (fair use)."
    assert upgrade.price == "€9.00 a month or €90.00 a year" and upgrade.action == "checkout"
    assert upgrade.action_label == "Upgrade to Pro · €9.00 a month" and upgrade.test_mode
    assert "/signup?next=/pricing" in repr(await upgrade.upgrade())  # a visitor signs up first
    assert isinstance(upgrade.go_to_pricing(), rx.event.EventSpec) and not upgrade.open
    upgrade.set_open(True)
    assert upgrade.open


async def test_spotify_without_keys_offers_no_connect_and_explains_a_failed_callback() -> None:
    from services.spotify.connection import CONNECT_ERRORS, CONNECT_FAILED

    tab = Tab("/account?spotify_error=declined")
    tab.sign_up("Sol")
    spotify = tab.state(SpotifyState)
    await spotify.load()
    assert (spotify.configured, spotify.connected, spotify.status) == (False, False, "")
    assert (spotify.message, spotify.message_ok) == (CONNECT_ERRORS["declined"], False)
    tab.go("/account?spotify_error=<script>alert(1)</script>")  # a code we never sent: never echoed
    await spotify.load()
    assert (spotify.message, spotify.message_ok) == (CONNECT_FAILED, False)
    await spotify.connect()
    assert not spotify.message_ok and "not configured" in spotify.message and not spotify.busy
