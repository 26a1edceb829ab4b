"""The offline default end to end: a demo account's scan fills the feed with the demo
library's fresh releases, and a test digest lands in the outbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel

from services.accounts.models import User
from services.catalog.generator import seed_catalog
from services.db import get_engine, session_scope
from services.releases import digests, feed
from services.releases.fetching import TTLCache
from services.mail import outbox
from services.releases.scan import scan_people

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep


@pytest.fixture(scope="module")
def small_catalog(_schema: None) -> Iterator[None]:
    seed_catalog(artists=120)
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


async def test_demo_accounts_get_their_fresh_releases_and_a_test_digest(small_catalog: None, db: None) -> None:
    with session_scope() as s:
        users = [User(email=f"demo{i}@x.test", display_name="Demo", password_hash="-") for i in range(2)]
        s.add_all(users)
        s.flush()
        ids = [u.id for u in users]
    counts = await scan_people(ids, cache=TTLCache(60))  # the real factory: no Spotify keys, so the demo catalog
    assert counts.errors == 0 and counts.releases_found > 0
    for uid in ids:
        cards = [i for week in feed.weekly_feed(uid) for i in week.items]
        assert cards and all(c.title and c.artist_name for c in cards)
    result = digests.send_test_digest(ids[0])  # offline default mailer: the outbox
    mail = outbox(ids[0])[0]
    assert result.releases > 0 and mail.sent_via == "outbox" and mail.subject.startswith("[Test]")
