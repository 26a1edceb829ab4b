"""Password hashing (argon2id via argon2-cffi) and the strength rule shown on sign-up."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 8
_COMMON = {
    "password", "password1", "password123", "12345678", "123456789", "1234567890",
    "qwertyuiop", "qwerty123", "iloveyou", "letmein1", "welcome1", "abc12345",
    "11111111", "00000000", "passw0rd", "trustno1", "sunshine1", "football1",
}


def hash_password(password: str) -> str:
    """An argon2id hash with a fresh salt."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; never raises on a malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is too weak, in words a person can act on; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 256:
        return "Use at most 256 characters."
    lowered = password.lower()
    if lowered in _COMMON or (email and lowered == email.lower()):
        return "That password is too easy to guess."
    if len(password) < 14 and (password.isalpha() or password.isdigit()):
        return "Mix letters with numbers or symbols (or use 14+ characters)."
    return None
