"""Fixtures of the hosted-demo tests: a small demo catalog, settings overrides, users."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from sqlmodel import SQLModel

from services.accounts.models import User
from services.catalog.generator import seed_catalog
from services.db import get_engine, session_scope

_ids = itertools.count(5000)


@pytest.fixture(scope="module")
def small_catalog(_schema: None) -> Iterator[dict]:
    """A prefix of the demo catalog (every genre present), emptied with every table afterwards."""
    counts = seed_catalog(artists=120)
    yield counts
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def make_user(_schema: None) -> Callable[..., int]:
    """Create an account row; returns its id."""

    def make(is_demo: bool = False, name: str = "Ana") -> int:
        uid = next(_ids)
        with session_scope() as db:
            db.add(User(id=uid, email=f"u{uid}@example.com", display_name=name, password_hash="x", is_demo=is_demo))
        return uid

    return make
