"""Signed, expiring tokens for the links in emails (confirm the digest, unsubscribe).

A token is `base64url(payload).base64url(hmac_sha256(secret, purpose + payload))`
with the payload `user_id:email_digest:expires_unix`. The purpose is part of the
signature, so an unsubscribe token cannot confirm and vice versa; the email digest
ties a confirmation to the address it was sent to. Nothing is stored server-side.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal

from services.config import get_settings
from services.db import utcnow

Purpose = Literal["confirm", "unsubscribe"]
LIFETIME: dict[str, dt.timedelta] = {"confirm": dt.timedelta(days=3), "unsubscribe": dt.timedelta(days=90)}


class TokenError(ValueError):
    """A link that cannot be honoured; `message` is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    email_digest: str
    expires_at: dt.datetime


def email_digest(email: str) -> str:
    """A short, stable fingerprint of an address (the address itself never sits in a URL)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(purpose: str, payload: bytes) -> bytes:
    key = get_settings().secret_key.encode()
    return hmac.new(key, purpose.encode() + b"\0" + payload, hashlib.sha256).digest()


def make_token(purpose: Purpose, user_id: int, email: str, now: dt.datetime | None = None) -> str:
    """A token for `purpose`, valid for `LIFETIME[purpose]` from `now`."""
    expires = int(((now or utcnow()) + LIFETIME[purpose]).timestamp())
    payload = f"{user_id}:{email_digest(email)}:{expires}".encode()
    return f"{_b64(payload)}.{_b64(_mac(purpose, payload))}"


def read_token(purpose: Purpose, token: str, now: dt.datetime | None = None) -> TokenClaims:
    """The claims of a genuine, unexpired token, or TokenError saying what is wrong."""
    forged = TokenError("This link is not valid. Use the most recent link we sent you.")
    try:
        payload_part, mac_part = (token or "").strip().split(".")
        payload, mac = _unb64(payload_part), _unb64(mac_part)
    except ValueError as exc:  # wrong shape or not base64 (binascii.Error is a ValueError)
        raise forged from exc
    if not hmac.compare_digest(mac, _mac(purpose, payload)):
        raise forged
    try:
        user_text, digest, expires_text = payload.decode().split(":")
        claims = TokenClaims(int(user_text), digest, dt.datetime.fromtimestamp(int(expires_text), dt.timezone.utc))
    except ValueError as exc:
        raise forged from exc
    if (now or utcnow()) >= claims.expires_at:
        what = "confirmation" if purpose == "confirm" else "unsubscribe"
        raise TokenError(f"This {what} link has expired. Request a new one from the Releases page.")
    return claims
