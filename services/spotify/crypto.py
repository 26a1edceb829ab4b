"""Encryption at rest for Spotify tokens: Fernet keyed from `SECRET_KEY` via HKDF.

A dedicated derived key (not the raw secret) means rotating how other features use
`SECRET_KEY` never exposes the tokens, and the tokens never share a key with them.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.config import get_settings

_INFO = b"simple-balance-music/spotify-tokens/v1"


@lru_cache(maxsize=4)
def _fernet_for(secret_key: str) -> Fernet:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


def _fernet() -> Fernet:
    return _fernet_for(get_settings().secret_key)


def encrypt(plain: str) -> str:
    """Ciphertext (URL-safe text) of `plain`; empty stays empty."""
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(cipher: str) -> str:
    """The plain text of `cipher`; "" when empty or not readable with the current key."""
    if not cipher:
        return ""
    try:
        return _fernet().decrypt(cipher.encode()).decode()
    except InvalidToken:
        return ""


def digest(value: str) -> str:
    """SHA-256 hex of `value`: what we keep of an OAuth `state` (looked up, never shown)."""
    return hashlib.sha256(value.encode()).hexdigest()
