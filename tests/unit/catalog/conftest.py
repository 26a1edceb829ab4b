"""A small demo catalog, seeded once per test module (the full size is checked in memory)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel

from services.accounts.models import User
from services.catalog.generator import seed_catalog
from services.db import get_engine, session_scope

SMALL_ARTISTS = 120
_ids = itertools.count(1000)


@pytest.fixture(scope="module")
def small_catalog(_schema: None) -> Iterator[dict]:
    """Seed a prefix of the catalog (every genre present); empty every table afterwards."""
    counts = seed_catalog(artists=SMALL_ARTISTS)
    yield counts
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def make_user(small_catalog: dict):
    """Create an account row and return its id."""

    def make(name: str = "Ana") -> int:
        uid = next(_ids)
        with session_scope() as db:
            db.add(User(id=uid, email=f"user{uid}@example.com", display_name=name, password_hash="x"))
        return uid

    return make
