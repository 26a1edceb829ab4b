"""Idle demo accounts are deleted by a job with everything they own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select as sa_select
from sqlmodel import SQLModel, select

import services.models  # noqa: F401
from services import accounts, quotas, scheduler, storage
from services.accounts.models import User
from services.db import session_scope, utcnow
from services.hosting.cleanup import CLEANUPS, register_cleanup
from services.hosting.demo import demo_sign_in

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("small_catalog")]


def test_every_table_referencing_an_account_goes_with_it() -> None:
    """A new table must cascade (or set null, for records the instance keeps)."""
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.target_fullname == "user.id":
                assert fk.ondelete in ("CASCADE", "SET NULL"), f"{table.name}.{fk.parent.name} keeps deleted accounts' rows"


def _age(user_id: int, days: int) -> None:
    with session_scope() as db:
        row = db.get(User, user_id)
        row.last_active_at = utcnow() - timedelta(days=days)
        db.add(row)


def _rows_of(user_id: int) -> int:
    total = 0
    with session_scope() as db:
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.target_fullname == "user.id" and fk.ondelete == "CASCADE":
                    total += db.execute(sa_select(func.count()).select_from(table).where(fk.parent == user_id)).scalar_one()
    return total


@pytest.fixture
def no_accounts() -> None:
    """No account left by an earlier test (the catalog stays): each sweep instant starts clean."""
    with session_scope() as db:
        for user in db.exec(select(User)).all():
            db.delete(user)


@pytest.mark.usefixtures("no_accounts")
async def test_the_job_removes_expired_demo_accounts_with_media_and_records_it() -> None:
    old, _ = demo_sign_in("10.1.0.1")
    fresh, _ = demo_sign_in("10.1.0.2")
    real, _ = accounts.sign_up("real-old@example.com", "good pass 123")
    for uid in (old.id, fresh.id, real.id):
        folder = storage.user_dir(uid) / "7"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "take.wav").write_bytes(b"x" * 4096)
    with session_scope() as db:
        quotas.charge(db, old.id, "emails", 1)
    _age(old.id, 8)
    _age(fresh.id, 6)
    _age(real.id, 400)
    seen: list[int] = []
    register_cleanup("test probe", lambda db, uid: seen.append(uid) or 1)
    try:
        assert _rows_of(old.id) > 100  # the seeded library
        run = await scheduler.run_job("hosting.expire_demo_accounts")
    finally:
        CLEANUPS.pop("test probe")
    assert run.status == "ok", run.error
    assert run.detail.startswith("1 expired demo account removed")
    assert "media files" in run.detail and "demoplay" in run.detail
    assert seen == [old.id]
    with session_scope() as db:
        assert db.get(User, old.id) is None
        assert db.get(User, fresh.id) is not None and db.get(User, real.id) is not None
    assert _rows_of(old.id) == 0
    assert not storage.user_dir(old.id).exists()
    assert storage.user_dir(fresh.id).exists() and storage.user_dir(real.id).exists()
    # the instance-wide count survives the account (it protects the operator's bill)
    with session_scope() as db:
        assert quotas._used(db, quotas.day_of(), quotas.INSTANCE, "emails") == 1
        assert quotas._used(db, quotas.day_of(), f"user:{old.id}", "emails") == 0
