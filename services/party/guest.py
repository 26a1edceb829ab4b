"""One browser, one guest: the signed guest id kept in an HttpOnly cookie.

A guest's identity used to live in a tab's state, so three tabs were three guests
(three votes), and a restart or a removal gave a fresh one. Now an HTTP route
(`app/party_routes.py`) gives each browser one random guest key in the `sbm_guest`
cookie (HttpOnly, SameSite=Lax), signed with the app's secret so a page cannot
forge one; every tab of the browser sends it in its websocket handshake and the
state reads it there (`state/party.py`). The key is the same in every room.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from services.config import get_settings

GUEST_COOKIE = "sbm_guest"
GUEST_DAYS = 30
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _signature(key: str) -> str:
    secret = hashlib.sha256(f"party-guest:{get_settings().secret_key}".encode()).digest()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:32]


def new_guest_key() -> str:
    """A fresh unguessable guest key."""
    return secrets.token_urlsafe(24)


def sign_guest(key: str) -> str:
    """The cookie value for guest `key`: the key and its signature."""
    if not _KEY.match(key or ""):
        raise ValueError("not a guest key")
    return f"{key}.{_signature(key)}"


def read_guest(value: str) -> str | None:
    """The guest key a cookie vouches for, or None when it is absent, malformed or forged."""
    key, _, signature = (value or "").rpartition(".")
    if not _KEY.match(key) or len(signature) != 32:
        return None
    return key if hmac.compare_digest(signature, _signature(key)) else None
