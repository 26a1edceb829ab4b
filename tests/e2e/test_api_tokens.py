"""A personal access token made on the account page drives `/api/v1` against the running app:
it adds a track to the host's party queue and the open room page shows it live; once the
token is revoked on the account page, the next call is refused."""

from __future__ import annotations

import httpx
from playwright.sync_api import BrowserContext, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import sign_up, unique_email


def test_a_token_from_the_account_page_queues_a_track_live_until_revoked(context: BrowserContext,
                                                                          app_server: RunningApp) -> None:
    room_page, account = context.new_page(), context.new_page()
    sign_up(room_page, unique_email("apihost"), name="Hana")
    room_page.goto("/party")
    room_page.get_by_test_id("room-name-input").fill("API night")
    room_page.get_by_test_id("create-room").click()
    expect(room_page.get_by_test_id("room-name")).to_have_text("API night")
    code = room_page.get_by_test_id("room-code").inner_text().strip()

    account.goto("/account")
    card = account.get_by_test_id("api-tokens-card")
    expect(card).to_contain_text("No tokens yet.")
    card.get_by_test_id("token-name").fill("party bot")
    card.get_by_test_id("scope-party").click()
    account.get_by_role("option", name="Read and write").click()
    card.get_by_test_id("token-create").click()
    secret = card.get_by_test_id("token-secret").inner_text().strip()
    assert secret.startswith("sbm_")
    expect(card.get_by_test_id("token-row")).to_contain_text("party: write")

    api = httpx.Client(base_url=app_server.url + "/api/v1", headers={"Authorization": f"Bearer {secret}"}, timeout=30)
    track = api.get(f"/party/rooms/{code}/search", params={"q": "pop"}).raise_for_status().json()[0]
    added = api.post(f"/party/rooms/{code}/queue", json={"track_id": track["track_id"]})
    assert added.status_code == 201, added.text
    # The room page shows it without a reload: in the queue, or already playing (an idle room starts at once).
    expect(room_page.get_by_test_id("room-name")).to_have_text("API night")
    expect(room_page.locator("body")).to_contain_text(track["title"], timeout=10_000)

    card.get_by_test_id("token-dismiss").click()
    card.get_by_test_id("token-revoke").click()
    expect(card.get_by_test_id("token-row")).to_contain_text("revoked")
    refused = api.get(f"/party/rooms/{code}/queue")
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    api.close()
