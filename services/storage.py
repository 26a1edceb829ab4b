"""Media storage per account: how much an account's files take, and the quota check
upload handlers call before writing anything.

Files live under `media_dir/<user_id>/...`. The quota is `STORAGE_QUOTA_MB`
(`STORAGE_QUOTA_MB_DEMO` for demo accounts). A file whose name starts with
`DERIVED_PREFIX` is derived: rebuilt in seconds from files the account already has
(a release pack ZIP repackages the master, covers and texts), so it is not counted
against the quota, nor is a folder with that prefix where one is being built; whoever
makes one keeps at most one per purpose.

    from services.storage import check_storage
    check_storage(user_id, incoming_bytes)   # raises StorageFull(.message), writes nothing
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from services import formatting
from services.accounts.models import User
from services.config import get_settings
from services.db import lock_account, session_scope

MB = 1024 * 1024
DERIVED_PREFIX = "derived-"


class StorageFull(Exception):
    """The upload would pass the account's storage quota."""

    def __init__(self, used: int, limit: int, incoming: int) -> None:
        self.used, self.limit, self.incoming = used, limit, incoming
        self.message = (
            f"This file ({formatting.size(incoming, unit='megabyte')}) does not fit: you use "
            f"{formatting.size_of(used, limit)} of storage. Delete old takes, versions or projects to make room"
            f" (Pro gives {formatting.size(quota_mb('pro') * MB, digits=0)}: see Pricing)."
        )
        super().__init__(self.message)


def user_dir(user_id: int) -> Path:
    return get_settings().media_dir / str(int(user_id))


def used_bytes(user_id: int) -> int:
    """Bytes of every file under the account's media folder, derived files aside."""
    total = 0
    for root, dirs, files in os.walk(user_dir(user_id)):
        dirs[:] = [d for d in dirs if not d.startswith(DERIVED_PREFIX)]  # where a derived file is being built
        for name in files:
            if name.startswith(DERIVED_PREFIX):
                continue
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def quota_mb(plan: str, is_demo: bool = False) -> int:
    """The storage a plan gives, in MB (a demo account has its own, smaller one)."""
    s = get_settings()
    if is_demo:
        return s.storage_quota_mb_demo
    return s.storage_quota_mb_pro if plan == "pro" else s.storage_quota_mb


_plan_of: Callable[[int], str] = lambda user_id: "free"


def use_plans(plan_of: Callable[[int], str]) -> None:
    """How to read a person's plan (`services.billing` sets it: billing builds on storage, not the reverse)."""
    global _plan_of
    _plan_of = plan_of


def quota_bytes(user_id: int) -> int:
    with session_scope() as db:
        is_demo = bool(db.exec(select(User.is_demo).where(User.id == user_id)).first())
    return quota_mb("free" if is_demo else _plan_of(user_id), is_demo) * MB


@dataclass(frozen=True)
class StorageUsage:
    used: int
    limit: int

    @property
    def percent(self) -> int:
        return formatting.percent_of(self.used, self.limit)

    @property
    def text(self) -> str:
        """"12.3 MB of 100 MB"."""
        return formatting.size_of(self.used, self.limit)


def storage_usage(user_id: int) -> StorageUsage:
    return StorageUsage(used_bytes(user_id), quota_bytes(user_id))


def check_storage(user_id: int, incoming_bytes: int) -> None:
    """Raise `StorageFull` when `incoming_bytes` more would pass the account's quota
    (also when the account is already full and the size is not known: pass 0)."""
    usage = storage_usage(user_id)
    if usage.used + max(0, incoming_bytes) > usage.limit or (incoming_bytes <= 0 and usage.used >= usage.limit):
        raise StorageFull(usage.used, usage.limit, max(0, incoming_bytes))


def place_within_quota(user_id: int, moves: list[tuple[Path, Path]]) -> int:
    """Move staged files into the account's folder only if the account then stays within
    its quota; returns the bytes placed, or raises `StorageFull` and moves nothing.

    `check_storage` before an upload says early whether it can fit; this is the final
    word: it measures and moves under the account's lock (`db.lock_account`), so two
    uploads finishing at once are counted one after the other and never pass the
    quota together. A staged file already under the account's folder is counted once.
    """
    folder = user_dir(user_id).resolve()
    with session_scope() as db:
        lock_account(db, user_id)
        used = used_bytes(user_id)
        incoming = sum(src.stat().st_size for src, _ in moves)
        outside = sum(src.stat().st_size for src, _ in moves if not src.resolve().is_relative_to(folder))
        limit = quota_bytes(user_id)
        if used + outside > limit:
            raise StorageFull(used - (incoming - outside), limit, incoming)
        for src, dst in moves:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(src), dst)
    return incoming


def remove_account_media(user_id: int) -> tuple[int, int]:
    """Delete the account's media folder; returns (files, bytes) removed."""
    folder = user_dir(user_id)
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            try:
                size += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)
    return files, size
