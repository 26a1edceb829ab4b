"""Offline "for my artists": demo lineups come from the demo catalog, and a person's
followed/top/library artists are found on tour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel, select

from services.accounts.models import User
from services.catalog.generator import seed_catalog
from services.catalog.models import CatalogArtist
from services.db import get_engine, session_scope
from services.events import demo as demo_module
from services.events.demo import DemoEventSource
from services.events.mine import my_artists


@pytest.fixture(scope="module")
def catalog(_schema: None) -> Iterator[None]:
    seed_catalog(artists=120)
    demo_module._artist_memo = None
    yield
    demo_module._artist_memo = None
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def test_demo_lineups_are_the_catalogs_artists_and_my_artists_are_on_tour(catalog: None) -> None:
    with session_scope() as db:
        names = set(db.exec(select(CatalogArtist.name)).all())
        db.add(User(id=4242, email="tour@example.com", display_name="Tour", password_hash="x"))
    events = DemoEventSource().events()
    assert len(events) >= 500 and {n for e in events for n in e.lineup} <= names

    mine = my_artists(4242)
    assert mine.error == "" and mine.names and set(mine.names) <= names and len(mine.ids) == len(mine.names)
    touring = DemoEventSource().artist_events(mine.names[0])
    assert touring and all(mine.names[0] in e.lineup for e in touring)


def test_the_daily_refresh_reads_the_persons_library_by_default(catalog: None) -> None:
    from services.events import jobs

    with session_scope() as db:
        if db.get(User, 4343) is None:
            db.add(User(id=4343, email="lib@example.com", display_name="Lib", password_hash="x"))
    assert jobs.artists_for_user(4343) == my_artists(4343, limit=jobs.MAX_ARTISTS_PER_USER).names != []
