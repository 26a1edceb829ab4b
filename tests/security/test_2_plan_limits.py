"""Item 2: plan limits hold under concurrency. Eight creators at once against each
limit, repeated, on SQLite and on PostgreSQL: never one over the limit. The creators
call the real entry points (the ones the pages' events call)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import func, select

from services import accounts, billing, storage
from services.billing import UpgradeRequired
from services.db import get_engine, session_scope
from services.label import projects
from services.label.models import LabelProject
from services.models import metadata
from services.party import rooms
from services.party.types import Identity
from services.worlds import library, repo
from services.worlds.models import World

CREATORS = 8
ROUNDS = 3
PG = "postgresql+psycopg2://postgres@127.0.0.1:5432"


def race(n: int, action: Callable[[int], None]) -> tuple[int, int]:
    """Run `action(i)` in `n` threads released together; (successes, refusals)."""
    barrier = threading.Barrier(n)
    done: list[str] = []

    def one(i: int) -> None:
        barrier.wait()
        try:
            action(i)
            done.append("ok")
        except (UpgradeRequired, storage.StorageFull):
            done.append("refused")
        except Exception as exc:  # noqa: BLE001 - shown in the assertion
            done.append(repr(exc)[:300])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    errors = [d for d in done if d not in ("ok", "refused")]
    assert not errors, errors
    return done.count("ok"), done.count("refused")


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, settings, _schema: None) -> Iterator[str]:
    """The suite's SQLite file, or a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        yield "sqlite"
        with get_engine().begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        return
    name = f"sec_limits_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    settings(DB_URL=f"{PG}/{name}")
    get_engine.cache_clear()
    metadata.create_all(get_engine())
    try:
        yield "postgres"
    finally:
        get_engine().dispose()
        get_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _person() -> int:
    user, _ = accounts.sign_up(f"p-{uuid.uuid4().hex[:8]}@example.com", "good pass 123")
    return user.id


class _Built:
    """What the world builder hands `save_built` (only its draft is read)."""

    def draft(self, cadence: str) -> repo.WorldDraft:
        return repo.WorldDraft(name="Race world", playlists=[], cadence=cadence)


def _count(model, user_id: int) -> int:  # type: ignore[no-untyped-def]
    with session_scope() as db:
        return int(db.exec(select(func.count()).select_from(model).where(model.user_id == user_id)).one())


@pytest.mark.postgres
def test_saved_worlds_never_pass_the_free_limit(database: str) -> None:
    for _ in range(ROUNDS):
        uid = _person()
        ok, refused = race(CREATORS, lambda i: library.save_built(uid, _Built(), cadence="off"))  # type: ignore[arg-type]
        allowed = billing.LIMITS["worlds"].free
        assert (ok, refused) == (allowed, CREATORS - allowed) and _count(World, uid) == allowed


@pytest.mark.postgres
def test_label_projects_never_pass_the_free_limit(database: str) -> None:
    for _ in range(ROUNDS):
        uid = _person()
        ok, _ = race(CREATORS, lambda i: projects.create_project(uid, f"Song {i}"))
        assert ok == billing.LIMITS["label_projects"].free == _count(LabelProject, uid)


@pytest.mark.postgres
def test_daily_release_packs_never_pass_the_free_limit(database: str) -> None:
    """The release pack's saving step claims the day's pack in its own transaction."""
    def save_pack(uid: int) -> None:
        with session_scope() as db:
            billing.claim(db, uid, "release_packs")

    for _ in range(ROUNDS):
        uid = _person()
        ok, _ = race(CREATORS, lambda i: save_pack(uid))
        assert ok == billing.LIMITS["release_packs"].free


@pytest.mark.postgres
def test_a_party_room_never_holds_more_people_than_the_hosts_plan(database: str) -> None:
    for _ in range(ROUNDS):
        host = _person()
        code = rooms.create_room(host, "Race party").code
        guests = [_person() for _ in range(CREATORS + billing.LIMITS["party_size"].free)]
        # The host and guests fill the room to one short of the limit, then eight people join at once.
        size = billing.LIMITS["party_size"].free
        for uid in guests[: size - 2]:
            rooms.join_room(code, Identity(user_id=uid))
        ok, refused = race(CREATORS, lambda i: rooms.join_room(code, Identity(user_id=guests[size - 2 + i])))
        assert ok == 1 and refused == CREATORS - 1


@pytest.mark.postgres
def test_storage_never_passes_the_quota(database: str, settings, tmp_path: Path) -> None:
    settings(STORAGE_QUOTA_MB=1, MEDIA_ROOT=tmp_path / "media")
    for round_ in range(ROUNDS):
        uid = _person()
        staged = []
        for i in range(CREATORS):
            src = tmp_path / f"r{round_}-{i}.bin"
            src.write_bytes(b"x" * 300_000)  # three fit in 1 MB, not four
            staged.append(src)
        target = storage.user_dir(uid) / "race"
        ok, _ = race(CREATORS, lambda i: storage.place_within_quota(uid, [(staged[i], target / staged[i].name)]))
        assert ok == 3 and storage.used_bytes(uid) <= storage.quota_bytes(uid)
