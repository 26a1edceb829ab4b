"""Versions and storage: every render (beat, mix + master) is a version the artist can
play, compare, keep or delete, and the storage meter says how full the account is.

A mix render is three files (mix WAV, master WAV, master MP3) sharing a `render_id`;
it is one version. The beat and master the project uses are marked `in use`; deleting
one picks the newest other version. A kept version is never suggested for deletion
and must be un-kept before it can be deleted. When storage is full, the message names
the largest versions that could go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.db import session_scope
from services.label import projects
from services.label.models import Asset
from services.storage import DERIVED_PREFIX, MB, StorageFull, storage_usage

VERSION_KINDS = ("beat", "master")
_GROUP = ("mix", "master", "master_mp3")


@dataclass(frozen=True)
class Version:
    """One render as the versions list shows it."""

    id: int  # the beat's or the master's asset id
    kind: str  # beat | master
    label: str
    created_at: datetime
    size_bytes: int
    duration_s: float
    kept: bool
    in_use: bool
    play_id: int  # what the player plays (the master WAV for a mix render)
    compare_id: int  # the mix before mastering (0 for beats)
    licence: str
    commercial: bool


@dataclass(frozen=True)
class StorageMeter:
    used_bytes: int
    limit_bytes: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used_bytes / self.limit_bytes)) if self.limit_bytes else 100

    @property
    def level(self) -> str:
        """ok | high (over 80 %) | full."""
        return "full" if self.percent >= 100 else "high" if self.percent >= 80 else "ok"

    @property
    def text(self) -> str:
        return f"{self.used_bytes / MB:.1f} MB of {self.limit_bytes / MB:.0f} MB used"


def meter(user_id: int) -> StorageMeter:
    usage = storage_usage(user_id)
    return StorageMeter(usage.used, usage.limit)


def _group(assets: list[projects.AssetInfo], render_id: str) -> list[projects.AssetInfo]:
    return [a for a in assets if a.kind in _GROUP and a.meta.get("render_id") == render_id]


def list_versions(user_id: int, project_id: int) -> list[Version]:
    """Beats and mix renders of the project, newest first."""
    project = projects.get_project(user_id, project_id)
    assets = projects.list_assets(user_id, project_id)
    beat_in_use = int(project.data.get("beat_asset_id") or 0) or next((a.id for a in assets if a.kind == "beat"), 0)
    master_in_use = int(project.data.get("master_asset_id") or 0) or next((a.id for a in assets if a.kind == "master"), 0)
    out: list[Version] = []
    for a in assets:
        if a.kind == "beat":
            out.append(Version(a.id, "beat", a.label, a.created_at, a.size_bytes, a.duration_s, bool(a.meta.get("kept")),
                               a.id == beat_in_use, a.id, 0, str(a.meta.get("licence") or ""),
                               bool(a.meta.get("commercial", True))))
        elif a.kind == "master":
            group = _group(assets, str(a.meta.get("render_id") or "")) or [a]
            mix = next((g for g in group if g.kind == "mix"), None)
            out.append(Version(a.id, "master", a.label, a.created_at, sum(g.size_bytes for g in group), a.duration_s,
                               bool(a.meta.get("kept")), a.id == master_in_use, a.id, mix.id if mix else 0,
                               str(a.meta.get("licence") or ""), bool(a.meta.get("commercial", True))))
    return out


def _version_rows(user_id: int, asset_id: int) -> list[projects.AssetInfo]:
    head = projects.get_asset(user_id, asset_id)
    if head.kind not in VERSION_KINDS:
        raise projects.LabelError("That file is not a beat or a master version.")
    if head.kind == "beat":
        return [head]
    render = str(head.meta.get("render_id") or "")
    return _group(projects.list_assets(user_id, head.project_id), render) if render else [head]


def set_kept(user_id: int, asset_id: int, kept: bool) -> None:
    """Keep (protect) or release a version."""
    for row in _version_rows(user_id, asset_id):
        projects.update_asset_meta(user_id, row.id, kept=bool(kept))


def use_version(user_id: int, asset_id: int) -> None:
    """Make this beat the one the next mix uses, or this master the one the pack uses."""
    head = projects.get_asset(user_id, asset_id)
    if head.kind == "beat":
        projects.update_project_data(user_id, head.project_id, beat_asset_id=head.id, bpm=head.meta.get("bpm"),
                                     key=head.meta.get("key"))
    elif head.kind == "master":
        projects.update_project_data(user_id, head.project_id, master_asset_id=head.id,
                                     master_loudness=head.meta.get("loudness"))
    else:
        raise projects.LabelError("That file is not a beat or a master version.")


def delete_version(user_id: int, asset_id: int) -> int:
    """Delete a version's files (all three of a mix render); returns the bytes freed.
    A kept version is refused; the project's choice moves to the newest other version."""
    rows = _version_rows(user_id, asset_id)
    head = next(r for r in rows if r.id == asset_id)
    if head.meta.get("kept"):
        raise projects.LabelError(f"“{head.label}” is kept. Un-keep it first if you really want to delete it.")
    freed = sum(r.size_bytes for r in rows)
    for r in rows:
        projects.delete_asset(user_id, r.id)
    project = projects.get_project(user_id, head.project_id)
    key = "beat_asset_id" if head.kind == "beat" else "master_asset_id"
    if int(project.data.get(key) or 0) == head.id:
        rest = projects.list_assets(user_id, head.project_id, head.kind)
        if rest:
            use_version(user_id, rest[0].id)
        else:
            projects.update_project_data(user_id, head.project_id, **{key: 0})
    return freed


def deletable(user_id: int, limit: int = 3) -> list[tuple[str, str, int]]:
    """(project name, version label, bytes) of the largest versions not kept and not in
    use, across the person's projects: what a "storage full" message suggests."""
    found: list[tuple[str, str, int]] = []
    for project in projects.list_projects(user_id):
        for v in list_versions(user_id, project.id):
            if not v.kept and not v.in_use:
                found.append((project.name, v.label, v.size_bytes))
    with session_scope() as db:  # packs made before packs were derived are counted: they can go too
        from sqlmodel import select

        for row in db.exec(select(Asset).where(Asset.user_id == user_id, Asset.kind == "release_pack")).all():
            if not row.file_name.startswith(DERIVED_PREFIX) and not (row.meta or {}).get("replaced"):
                found.append(("", row.label or "Release pack", row.size_bytes))
    return sorted(found, key=lambda t: t[2], reverse=True)[:limit]


def full_message(user_id: int, exc: StorageFull) -> str:
    """The storage-full message, with what to delete to make room."""
    names = [f"{label}{f' in “{proj}”' if proj else ''} ({size / MB:.0f} MB)" for proj, label, size in deletable(user_id)]
    room = f" Delete old versions to make room, e.g. {'; '.join(names)}." if names else \
        " Delete old versions, takes or projects to make room."
    return (f"Storage is full, this does not fit: you use {exc.used / MB:.1f} MB of your {exc.limit / MB:.0f} MB, "
            f"and this needs about {max(exc.incoming, 1) / MB:.1f} MB more.{room}")
