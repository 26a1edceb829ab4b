"""A person's label projects: create, rename, duplicate, delete, list; the timeline
of stages with its progress; and the project's media folder and assets.

Every function takes the acting `user_id` and only ever sees that person's rows.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, delete, func, select

from services.billing import UpgradeRequired, claim
from services.billing.entitlements import within_plan
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.label.models import Asset, LabelProject, StageState
from services.storage import DERIVED_PREFIX

STAGES: tuple[str, ...] = ("beat", "lyrics", "upload", "mix", "release", "content", "analytics")
STAGE_LABELS: dict[str, str] = {
    "beat": "Beat", "lyrics": "Lyrics", "upload": "Upload", "mix": "Mix",
    "release": "Release", "content": "Content", "analytics": "Analytics",
}
MAX_NAME = 120


class LabelError(ValueError):
    """A problem the person can understand (and usually fix)."""


class ProjectReadOnly(UpgradeRequired, LabelError):
    """A project kept beyond the plan's saved projects after going back to Free: readable,
    not changed. Pages that show `LabelError`s say it; the label page opens the limit message."""


@dataclass(frozen=True)
class ProjectInfo:
    """A project as the page shows it."""

    id: int
    name: str
    current_stage: str
    done_stages: tuple[str, ...]
    progress_percent: int
    cycle_complete: bool
    created_at: datetime
    updated_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AssetInfo:
    """A project file as the page shows it (no filesystem path: downloads go by id)."""

    id: int
    project_id: int
    kind: str
    label: str
    mime: str
    size_bytes: int
    duration_s: float
    meta: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, row: Asset) -> AssetInfo:
        assert row.id is not None
        return cls(row.id, row.project_id, row.kind, row.label, row.mime, row.size_bytes,
                   row.duration_s, dict(row.meta or {}), as_utc(row.created_at) or utcnow())


# --- the media folder -------------------------------------------------------------

def project_dir(user_id: int, project_id: int) -> Path:
    """The one folder holding a project's files: media root / user / project."""
    path = get_settings().media_dir / str(int(user_id)) / str(int(project_id))
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_file_name(kind: str, extension: str) -> str:
    """A server-made file name; nothing a person typed ever reaches the filesystem."""
    safe_kind = "".join(ch for ch in kind if ch.isalnum() or ch == "_")[:20] or "file"
    safe_ext = "".join(ch for ch in extension.lstrip(".") if ch.isalnum())[:8] or "bin"
    return f"{safe_kind}-{uuid.uuid4().hex[:16]}.{safe_ext}"


# --- projects -----------------------------------------------------------------------

def _check_project_limit(db: Session, user_id: int) -> None:
    """The single place where the plan's limit on saved projects is enforced: raises
    `services.billing.UpgradeRequired` when one more project would pass it."""
    claim(db, user_id, "label_projects",
          lambda d: int(d.exec(select(func.count()).select_from(LabelProject).where(LabelProject.user_id == user_id)).one()))


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())[:MAX_NAME]
    if not cleaned:
        raise LabelError("Give the project a name.")
    return cleaned


def _owned(db: Session, user_id: int, project_id: int) -> LabelProject:
    row = db.get(LabelProject, project_id)
    if row is None or row.user_id != user_id:
        raise LabelError("That project does not exist.")
    return row


def _editable(db: Session, user_id: int, project_id: int) -> LabelProject:
    """`_owned`, for a change: a project beyond the plan's limit (the oldest stay editable)
    raises `ProjectReadOnly`; it is kept, with its files, either way."""
    row = _owned(db, user_id, project_id)
    ids = [int(i) for i in db.exec(select(LabelProject.id).where(LabelProject.user_id == user_id)
                                   .order_by(col(LabelProject.created_at), col(LabelProject.id))).all() if i is not None]
    try:
        within_plan(db, user_id, "label_projects", project_id, ids)
    except UpgradeRequired as err:
        raise ProjectReadOnly(err.feature, err.label, err.allowed, err.plan, beyond=True) from None
    return row


def _info(db: Session, row: LabelProject) -> ProjectInfo:
    assert row.id is not None
    done = {
        s.stage for s in db.exec(select(StageState).where(StageState.project_id == row.id)).all()
        if s.status == "done"
    }
    ordered = tuple(s for s in STAGES if s in done)
    return ProjectInfo(
        id=row.id, name=row.name, current_stage=row.current_stage, done_stages=ordered,
        progress_percent=progress_percent(ordered), cycle_complete=len(ordered) == len(STAGES),
        created_at=as_utc(row.created_at) or utcnow(), updated_at=as_utc(row.updated_at) or utcnow(),
        data=dict(row.data or {}),
    )


def progress_percent(done_stages: tuple[str, ...] | list[str] | set[str]) -> int:
    """Completed stages over all stages, as a whole percentage."""
    done = {s for s in done_stages if s in STAGES}
    return round(100 * len(done) / len(STAGES))


def create_project(user_id: int, name: str = "Untitled project", data: dict[str, Any] | None = None) -> ProjectInfo:
    """A new project at the beat stage, with an empty media folder."""
    cleaned = _clean_name(name)
    with session_scope() as db:
        _check_project_limit(db, user_id)
        row = LabelProject(user_id=user_id, name=cleaned, data=dict(data or {}))
        db.add(row)
        db.flush()
        info = _info(db, row)
    project_dir(user_id, info.id)
    return info


def get_project(user_id: int, project_id: int) -> ProjectInfo:
    """One of the person's projects (a `LabelError` for anyone else's)."""
    with session_scope() as db:
        return _info(db, _owned(db, user_id, project_id))


def list_projects(user_id: int) -> list[ProjectInfo]:
    """The person's projects, most recently touched first."""
    with session_scope() as db:
        rows = db.exec(
            select(LabelProject).where(LabelProject.user_id == user_id)
            .order_by(col(LabelProject.updated_at).desc(), col(LabelProject.id).desc())
        ).all()
        return [_info(db, r) for r in rows]


def rename_project(user_id: int, project_id: int, name: str) -> ProjectInfo:
    cleaned = _clean_name(name)
    with session_scope() as db:
        row = _editable(db, user_id, project_id)
        row.name, row.updated_at = cleaned, utcnow()
        db.add(row)
        return _info(db, row)


def update_project_data(user_id: int, project_id: int, **changes: Any) -> ProjectInfo:
    """Autosave: merge small per-stage values (genre, mood, lyrics, mix params) into `data`."""
    with session_scope() as db:
        row = _editable(db, user_id, project_id)
        row.data = {**(row.data or {}), **changes}
        row.updated_at = utcnow()
        db.add(row)
        return _info(db, row)


def duplicate_project(user_id: int, project_id: int, name: str | None = None) -> ProjectInfo:
    """A copy with its stages, data and files (files copied under new names)."""
    with session_scope() as db:
        src = _owned(db, user_id, project_id)
        _check_project_limit(db, user_id)
        copy = LabelProject(user_id=user_id, name=_clean_name(name or f"{src.name} (copy)"),
                            current_stage=src.current_stage, data=dict(src.data or {}))
        db.add(copy)
        db.flush()
        assert copy.id is not None
        for st in db.exec(select(StageState).where(StageState.project_id == project_id)).all():
            db.add(StageState(project_id=copy.id, stage=st.stage, status=st.status, completed_at=st.completed_at))
        src_dir, dst_dir = project_dir(user_id, project_id), project_dir(user_id, copy.id)
        for a in db.exec(select(Asset).where(Asset.project_id == project_id)).all():
            src_file = src_dir / a.file_name
            if not src_file.exists() or a.file_name.startswith(DERIVED_PREFIX):  # a pack is rebuilt, not copied
                continue
            new_name = new_file_name(a.kind, src_file.suffix)
            shutil.copy2(src_file, dst_dir / new_name)
            db.add(Asset(project_id=copy.id, user_id=user_id, kind=a.kind, file_name=new_name, label=a.label,
                         mime=a.mime, size_bytes=a.size_bytes, duration_s=a.duration_s, meta=dict(a.meta or {})))
        db.flush()
        return _info(db, copy)


def delete_project(user_id: int, project_id: int) -> None:
    """Remove the project, its stages, its assets and its media folder."""
    with session_scope() as db:
        row = _owned(db, user_id, project_id)
        db.exec(delete(Asset).where(col(Asset.project_id) == project_id))  # type: ignore[call-overload]
        db.exec(delete(StageState).where(col(StageState.project_id) == project_id))  # type: ignore[call-overload]
        db.flush()
        db.delete(row)
    shutil.rmtree(get_settings().media_dir / str(int(user_id)) / str(int(project_id)), ignore_errors=True)


# --- the timeline -------------------------------------------------------------------

def _check_stage(stage: str) -> str:
    if stage not in STAGES:
        raise LabelError(f"Unknown stage {stage!r}.")
    return stage


def open_stage(user_id: int, project_id: int, stage: str) -> ProjectInfo:
    """The person clicked a stage: it becomes the open (highlighted) one. Stages are never locked."""
    _check_stage(stage)
    with session_scope() as db:
        row = _owned(db, user_id, project_id)
        row.current_stage, row.updated_at = stage, utcnow()
        db.add(row)
        return _info(db, row)


def _set_stage(user_id: int, project_id: int, stage: str, done: bool) -> ProjectInfo:
    _check_stage(stage)
    with session_scope() as db:
        row = _editable(db, user_id, project_id)
        st = db.exec(select(StageState).where(StageState.project_id == project_id, StageState.stage == stage)).first()
        if st is None:
            st = StageState(project_id=project_id, stage=stage)
        if done and st.status != "done":
            st.status, st.completed_at = "done", utcnow()
        elif not done:
            st.status, st.completed_at = "todo", None
        st.updated_at = utcnow()
        row.updated_at = utcnow()
        db.add(st)
        db.add(row)
        db.flush()
        return _info(db, row)


def mark_stage_done(user_id: int, project_id: int, stage: str) -> ProjectInfo:
    """Tick a stage (idempotent: the first completion time is kept)."""
    return _set_stage(user_id, project_id, stage, True)


def reopen_stage(user_id: int, project_id: int, stage: str) -> ProjectInfo:
    """Untick a stage (e.g. the beat was replaced)."""
    return _set_stage(user_id, project_id, stage, False)


def next_stage(stage: str) -> str | None:
    """The stage after `stage` on the timeline, or None after the last."""
    i = STAGES.index(_check_stage(stage))
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def restart_cycle(user_id: int, project_id: int) -> ProjectInfo:
    """After "cycle complete": clear every tick and go back to the beat (files are kept)."""
    with session_scope() as db:
        row = _editable(db, user_id, project_id)
        db.exec(delete(StageState).where(col(StageState.project_id) == project_id))  # type: ignore[call-overload]
        row.current_stage, row.updated_at = "beat", utcnow()
        db.add(row)
        db.flush()
        return _info(db, row)


def stage_history(user_id: int, project_id: int) -> list[tuple[str, datetime]]:
    """(stage, completed_at) for every completed stage, oldest first (for analytics)."""
    with session_scope() as db:
        _owned(db, user_id, project_id)
        rows = db.exec(select(StageState).where(StageState.project_id == project_id, StageState.status == "done")).all()
        out = [(r.stage, as_utc(r.completed_at) or utcnow()) for r in rows]
    return sorted(out, key=lambda t: t[1])


# --- assets ---------------------------------------------------------------------------

def add_asset(user_id: int, project_id: int, kind: str, file_name: str, *, label: str = "", mime: str = "",
              duration_s: float = 0.0, meta: dict[str, Any] | None = None) -> AssetInfo:
    """Record a file the server already wrote into the project folder under `file_name`."""
    path = project_dir(user_id, project_id) / file_name
    if path.parent != project_dir(user_id, project_id) or not path.is_file():
        raise LabelError("The file to record is missing.")
    with session_scope() as db:
        row = _owned(db, user_id, project_id)
        asset = Asset(project_id=project_id, user_id=user_id, kind=kind, file_name=file_name, label=label[:200],
                      mime=mime or "application/octet-stream", size_bytes=path.stat().st_size,
                      duration_s=float(duration_s), meta=dict(meta or {}))
        row.updated_at = utcnow()
        db.add(asset)
        db.add(row)
        db.flush()
        return AssetInfo.of(asset)


def list_assets(user_id: int, project_id: int, kind: str | None = None) -> list[AssetInfo]:
    """The project's files, newest first, optionally of one kind."""
    with session_scope() as db:
        _owned(db, user_id, project_id)
        query = select(Asset).where(Asset.project_id == project_id)
        if kind:
            query = query.where(Asset.kind == kind)
        rows = db.exec(query.order_by(col(Asset.created_at).desc(), col(Asset.id).desc())).all()
        return [AssetInfo.of(r) for r in rows]


def get_asset(user_id: int, asset_id: int) -> AssetInfo:
    with session_scope() as db:
        row = db.get(Asset, asset_id)
        if row is None or row.user_id != user_id:
            raise LabelError("That file does not exist.")
        return AssetInfo.of(row)


def asset_path(user_id: int, asset_id: int) -> Path | None:
    """The file behind an asset if it belongs to `user_id` and still exists; None
    otherwise (a download route answers 404 for both, so ids reveal nothing)."""
    with session_scope() as db:
        row = db.get(Asset, asset_id)
        if row is None or row.user_id != user_id:
            return None
        project = db.get(LabelProject, row.project_id)
        if project is None or project.user_id != user_id:
            return None
        folder = get_settings().media_dir / str(int(user_id)) / str(int(row.project_id))
    path = (folder / row.file_name).resolve()
    if path.parent != folder.resolve() or not path.is_file():
        return None
    return path


def update_asset_meta(user_id: int, asset_id: int, *, label: str | None = None, **changes: Any) -> AssetInfo:
    """Merge `changes` into one of the person's assets' metadata (and rename it)."""
    with session_scope() as db:
        row = db.get(Asset, asset_id)
        if row is None or row.user_id != user_id:
            raise LabelError("That file does not exist.")
        row.meta = {**(row.meta or {}), **changes}
        if label is not None:
            cleaned = " ".join(label.split())[:200]
            if not cleaned:
                raise LabelError("Give it a name.")
            row.label = cleaned
        db.add(row)
        db.flush()
        return AssetInfo.of(row)


def delete_asset(user_id: int, asset_id: int) -> None:
    """Remove one file (e.g. a bad vocal take) and its row."""
    with session_scope() as db:
        row = db.get(Asset, asset_id)
        if row is None or row.user_id != user_id:
            raise LabelError("That file does not exist.")
        path = get_settings().media_dir / str(int(user_id)) / str(int(row.project_id)) / row.file_name
        db.delete(row)
    path.unlink(missing_ok=True)
