"""`python -m app.cli backup PATH` / `restore PATH`: the data comes back as it was."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from app.cli import main
from services import accounts, storage
from services.accounts.models import User
from services.config import get_settings
from services.db import get_engine, session_scope
from services.migrations import upgrade_to_head

PG_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def _snapshot() -> tuple[list[tuple[str, str]], dict[str, bytes]]:
    with session_scope() as db:
        users = sorted((u.email, u.display_name) for u in db.exec(select(User)).all())
    media = get_settings().media_dir
    files = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    return users, files


def _round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ana, _ = accounts.sign_up(f"backup-{uuid.uuid4().hex[:6]}@example.com", "good pass 123", "Ana")
    folder = storage.user_dir(ana.id) / "3"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "beat.wav").write_bytes(b"RIFF" + bytes(range(256)) * 10)
    before = _snapshot()
    archive = tmp_path / "backups" / "snap.tar.gz"
    assert main(["backup", str(archive)]) == 0
    assert "media files" in capsys.readouterr().out and archive.is_file()

    # things change after the backup...
    accounts.sign_up(f"later-{uuid.uuid4().hex[:6]}@example.com", "good pass 123")
    with session_scope() as db:
        row = db.get(User, ana.id)
        row.display_name = "Changed"
        db.add(row)
    (folder / "beat.wav").unlink()
    (folder / "new.wav").write_bytes(b"new")
    assert _snapshot() != before

    assert main(["restore", str(archive)]) == 0
    get_engine().dispose()
    assert _snapshot() == before


def test_backup_and_restore_round_trip_on_sqlite(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _round_trip(tmp_path, capsys)


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(tmp_path / "missing.tar.gz")]) == 1
    assert "no backup at" in capsys.readouterr().err


@pytest.fixture
def postgres(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The app pointed at a fresh PostgreSQL database (skipped when unreachable)."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {exc}")
    name = f"sbm_backup_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    monkeypatch.setenv("DB_URL", url)
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "pg-media"))
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        upgrade_to_head(url)
        yield url
    finally:
        get_engine().dispose()
        monkeypatch.undo()
        get_settings.cache_clear()
        get_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_backup_and_restore_round_trip_on_postgresql(postgres: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _round_trip(tmp_path, capsys)
