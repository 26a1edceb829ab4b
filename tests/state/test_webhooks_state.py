"""The account page's webhook card, driven as a tab drives it: an address with events is
saved and its secret shown once, a bad address refused, the log shows a failed delivery,
and "Stop sending" removes the endpoint."""

from __future__ import annotations

import pytest

from services import webhooks
from state.webhooks import WebhooksState
from tests.state.tabs import Tab

pytestmark = pytest.mark.usefixtures("db")


async def test_set_show_once_log_and_stop() -> None:
    tab = Tab("/account")
    user_id = tab.sign_up("Wes")
    card = tab.state(WebhooksState)
    await card.load()
    assert (card.url, card.events, card.rows) == ("", [], [])
    await card.save({"url": "gopher://example.com", "event-release.found": "on"})
    assert "http(s) address" in card.error and card.secret == ""
    await card.save({"url": "https://hooks.example.com/sbm", "event-release.found": "on", "event-world.refreshed": "on"})
    assert card.error == "" and card.secret.startswith("whsec_")
    assert (card.url, card.events) == ("https://hooks.example.com/sbm", ["release.found", "world.refreshed"])
    webhooks.emit(user_id, "release.found", {"new_releases": 2})
    webhooks.deliver_due()  # nothing listens on port 9: tried once, to be retried
    await card.load()
    assert card.secret == ""
    [row] = card.rows
    assert (row.event, row.status) == ("A new release of an artist I follow", "pending")
    assert row.detail.startswith("1 attempt · No answer") and "next try" in row.detail
    await card.remove()
    assert card.url == "" and card.rows[0].status == "failed"
