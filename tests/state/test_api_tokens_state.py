"""The account page's API tokens card, driven as a tab drives it: a token is made with the
scopes ticked, its secret shown once and works, the list says when it was last used, and
a revoked token stops working."""

from __future__ import annotations

import pytest

from services.accounts import api_tokens
from state.api_tokens import ApiTokensState
from tests.state.tabs import Tab

pytestmark = pytest.mark.usefixtures("db")


async def test_a_token_is_shown_once_works_with_its_scopes_and_stops_when_revoked() -> None:
    tab = Tab("/account")
    user_id = tab.sign_up("Tess")
    card = tab.state(ApiTokensState)
    await card.load()
    assert card.tokens == []
    await card.create({"name": "party bot", "party": "write", "worlds": "read", "label": "none", "expires": "90"})
    secret = card.new_secret
    assert secret.startswith("sbm_") and card.error == ""
    assert card.tokens[0].last_used == "never"
    auth = api_tokens.authenticate(secret)
    assert auth is not None and auth.user.id == user_id
    assert auth.allows("party", "write") and auth.allows("worlds", "read")
    assert not auth.allows("worlds", "write") and not auth.allows("label", "read")
    await card.load()
    assert card.new_secret == ""  # shown once: a reload does not bring it back
    [row] = card.tokens
    assert (row.name, row.scopes, row.status, row.last_used) == ("party bot", "worlds: read · party: write", "active", "just now")
    assert secret not in repr(card.tokens) and row.prefix == secret[:10] + "…"
    await card.revoke(row.id)
    assert api_tokens.authenticate(secret) is None
    assert card.tokens[0].status == "revoked"


async def test_a_token_needs_a_name_and_some_access() -> None:
    tab = Tab("/account")
    tab.sign_up("Nell")
    card = tab.state(ApiTokensState)
    await card.load()
    await card.create({"name": "", "party": "read"})
    assert (card.error_field, card.new_secret) == ("name", "")
    await card.create({"name": "nothing", "party": "none"})
    assert card.error_field == "scopes" and "at least one area" in card.error and card.tokens == []


async def test_someone_else_cannot_revoke_my_token() -> None:
    mine, theirs = Tab("/account"), Tab("/account")
    mine.sign_up("Mo")
    theirs.sign_up("Eve")
    await mine.state(ApiTokensState).create({"name": "mine", "releases": "read"})
    secret, token_id = mine.state(ApiTokensState).new_secret, mine.state(ApiTokensState).tokens[0].id
    await theirs.state(ApiTokensState).revoke(token_id)
    assert api_tokens.authenticate(secret) is not None
