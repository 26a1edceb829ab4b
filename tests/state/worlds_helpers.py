"""Shared set-up for the worlds state tests: a signed-in person without a browser."""

from __future__ import annotations

from typing import Any

import pytest

from services import accounts
from services.accounts import UserInfo


def signed_in(monkeypatch: pytest.MonkeyPatch, *modules: Any, email: str = "state@example.com") -> UserInfo:
    """Sign someone up and make `current_user` in the given state modules answer with them."""
    user, _ = accounts.sign_up(email, "good pass 123", "State")
    info = UserInfo(id=user.id, email=user.email, display_name=user.display_name, is_demo=False)

    async def who(_state: Any) -> UserInfo:
        return info

    for module in modules:
        monkeypatch.setattr(module, "current_user", who)
    return info
