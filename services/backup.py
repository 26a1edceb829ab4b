"""Backups: one archive with a consistent database snapshot and the media folder.

SQLite is copied with its online backup API (a consistent copy while the app keeps
running); PostgreSQL with `pg_dump --format=custom`. The archive is a `.tar.gz`
holding `manifest.json`, `database.sqlite3` or `database.pgdump`, and `media/`.

Restore brings both back into the configured database and media folder; stop the
app first (the data it holds in memory would otherwise be stale).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from services.config import get_settings
from services.db import get_engine, utcnow

FORMAT = 1


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    database: str  # sqlite | postgresql
    media_files: int
    size_bytes: int


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database:
        raise BackupError("in-memory SQLite cannot be backed up")
    return Path(database)


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    u = make_url(url)
    args = ["-h", u.host or "localhost", "-p", str(u.port or 5432), "-U", u.username or "postgres", "-d", u.database or "postgres"]
    env = {"PGPASSWORD": u.password} if u.password else {}
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    import os

    done = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[-500:]}")


def backup(target: Path) -> BackupInfo:
    """Write a snapshot of the database and the media folder to `target` (.tar.gz)."""
    settings = get_settings()
    url = settings.db_url
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sbm-backup-") as tmp:
        work = Path(tmp)
        if url.startswith("sqlite"):
            kind, db_file = "sqlite", work / "database.sqlite3"
            src = sqlite3.connect(str(_sqlite_path(url)))
            dst = sqlite3.connect(str(db_file))
            try:
                src.backup(dst)  # online backup: consistent while writers go on
            finally:
                dst.close()
                src.close()
        elif url.startswith("postgresql"):
            kind, db_file = "postgresql", work / "database.pgdump"
            args, env = _pg_args(url)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(db_file), *args], env)
        else:
            raise BackupError(f"unsupported database for backup: {make_url(url).drivername}")
        media = settings.media_dir
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {"format": FORMAT, "database": kind, "created_at": utcnow().isoformat(), "media_files": len(files)}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(target)  # never leave a half-written archive under the real name
    return BackupInfo(target, kind, len(files), target.stat().st_size)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        name = Path(m.name)
        if name.is_absolute() or ".." in name.parts or m.issym() or m.islnk():
            raise BackupError(f"refusing a suspicious path in the archive: {m.name}")
        members.append(m)
    return members


def restore(source: Path) -> BackupInfo:
    """Replace the database and the media folder with the archive's."""
    settings = get_settings()
    url = settings.db_url
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    with tempfile.TemporaryDirectory(prefix="sbm-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(work, members=_safe_members(tar))
        try:
            manifest = json.loads((work / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError("this is not a Simple Balance Music backup (no manifest)") from exc
        kind = manifest.get("database")
        if kind == "sqlite":
            if not url.startswith("sqlite"):
                raise BackupError("this backup is of a SQLite database; DB_URL points elsewhere")
            get_engine().dispose()
            src = sqlite3.connect(str(work / "database.sqlite3"))
            dst = sqlite3.connect(str(_sqlite_path(url)))
            try:
                src.backup(dst)  # page-by-page copy into the live file, WAL and all
            finally:
                dst.close()
                src.close()
        elif kind == "postgresql":
            if not url.startswith("postgresql"):
                raise BackupError("this backup is of a PostgreSQL database; DB_URL points elsewhere")
            get_engine().dispose()
            args, env = _pg_args(url)
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", *args,
                  str(work / "database.pgdump")], env)
        else:
            raise BackupError(f"unknown database kind in the backup: {kind!r}")
        media = settings.media_dir
        shutil.rmtree(media, ignore_errors=True)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
        files = sum(1 for p in media.rglob("*") if p.is_file())
    return BackupInfo(source, kind, files, source.stat().st_size)
