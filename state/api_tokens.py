"""Personal access tokens on the account page: the list, making one, revoking one.

Vars: `tokens` (`TokenRow`s), `new_secret` (the secret of the token just made: shown
once, cleared when dismissed or the page loads again; only its hash is stored),
`new_name`, `error` and `error_field` (the form's refusal), `busy`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from services.accounts import AccountError, api_tokens
from services.accounts.api_tokens import AREAS, TokenRow
from state.auth import current_user

EXPIRY_CHOICES = {"never": None, "30": 30, "90": 90, "365": 365}


class ApiTokensState(rx.State):
    """See the module docstring for the vars."""

    tokens: list[TokenRow] = []
    new_secret: str = ""
    new_name: str = ""
    error: str = ""
    error_field: str = ""
    busy: bool = False

    async def _reload(self, user_id: int) -> None:
        self.tokens = await asyncio.to_thread(lambda: api_tokens.token_rows(api_tokens.list_tokens(user_id)))

    @rx.event
    async def load(self):
        """Fill the list; a secret shown before is not shown again."""
        self.new_secret, self.new_name, self.error, self.error_field = "", "", "", ""
        user = await current_user(self)
        if user is not None:
            await self._reload(user.id)

    @rx.event
    async def create(self, form: dict[str, Any]):
        """Make a token with the scopes ticked in the form (`<area>` = none | read | write)."""
        user = await current_user(self)
        if user is None:
            return
        scopes = [f"{area}:{form.get(area)}" for area in AREAS if form.get(area) in ("read", "write")]
        expires = EXPIRY_CHOICES.get(str(form.get("expires") or "never"))
        self.busy, self.error, self.error_field = True, "", ""
        try:
            secret, info = await asyncio.to_thread(api_tokens.create_token, user.id, str(form.get("name") or ""), scopes,
                                                   expires_in_days=expires)
        except AccountError as err:
            self.busy, self.error, self.error_field = False, err.message, err.field
            return
        self.busy, self.new_secret, self.new_name = False, secret, info.name
        await self._reload(user.id)

    @rx.event
    async def revoke(self, token_id: int):
        """Revoke one of my tokens: its next request is refused."""
        user = await current_user(self)
        if user is None:
            return
        if await asyncio.to_thread(api_tokens.revoke_token, user.id, int(token_id)):
            await self._reload(user.id)
            return rx.toast.success("Token revoked: it no longer works.")

    @rx.event
    def dismiss_secret(self):
        self.new_secret, self.new_name = "", ""


# What the form offers per area (the component reads these; the service checks them).
AREA_LABELS: tuple[tuple[str, str], ...] = (
    ("account", "Account (who am I, plan)"), ("worlds", "Worlds"), ("party", "Party rooms"),
    ("releases", "Release feed"), ("events", "Concerts"), ("label", "Label"),
)
ACCESS_OPTIONS: tuple[tuple[str, str], ...] = (("none", "No access"), ("read", "Read"), ("write", "Read and write"))
EXPIRY_OPTIONS: tuple[tuple[str, str], ...] = (("never", "Never expires"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year"))
