"""Fixtures for release tests: people in the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.accounts.models import User
from services.db import session_scope


@pytest.fixture
def make_user(db: None) -> Callable[[str], int]:
    """Create a person (no password hashing: these tests are about releases) and return the id."""

    def create(email: str) -> int:
        with session_scope() as s:
            user = User(email=email, display_name=email.split("@")[0], password_hash="unused")
            s.add(user)
            s.flush()
            assert user.id is not None
            return user.id

    return create
