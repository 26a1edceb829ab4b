"""What the media route serves: a project file of its owner, with its type and a
readable download name (the stored name is server-made and means nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from services.label import projects

_KIND_NAMES = {"beat": "beat", "vocal": "vocal", "mix": "mix", "master": "master", "master_mp3": "master"}


def download_name(project_name: str, kind: str, suffix: str) -> str:
    """`Night drive - master.wav`: the project's name, the file's role, its real extension."""
    base = re.sub(r"[^\w\- ()]+", "", project_name).strip()[:60] or "project"
    return f"{base} - {_KIND_NAMES.get(kind, 'file')}{suffix}"


def asset_for_download(user_id: int, asset_id: int) -> tuple[Path, str, str] | None:
    """(path, mime, download name) when `user_id` owns the asset and its file exists, else None."""
    path = projects.asset_path(user_id, asset_id)
    if path is None:
        return None
    try:
        asset = projects.get_asset(user_id, asset_id)
        project = projects.get_project(user_id, asset.project_id)
    except projects.LabelError:
        return None
    named = str((asset.meta or {}).get("download_name") or "")
    return path, asset.mime, named or download_name(project.name, asset.kind, path.suffix)
