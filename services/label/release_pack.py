"""The release pack: one ZIP with the seed's folder layout, kept as a project asset.

    audio/mixed_mastered.wav   audio/mixed_mastered.mp3 (320 kbps, ID3v2.3 tags, cover embedded)
    cover/cover_3000.jpg       cover/cover_1500.jpg      cover/cover_vertical.jpg
    lyrics/lyrics.pdf          metadata/metadata.json
    copy/release_description.txt  copy/press_pitch.txt  copy/tagline.txt

Built in a temporary folder with a progress callback; only a finished ZIP reaches the
project. The ZIP is derived (`storage.DERIVED_PREFIX`): it repackages files the account
already stores, so it is not counted against storage and a full account can still
build one; a new pack replaces the project's older ones (their files go, their rows
stay for the analytics and are marked `replaced`). The Free plan allows one pack per
24 hours: the limit is checked before the work and again, with the use recorded and
the asset row written, in one transaction.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services import billing, quotas, webhooks
from services.db import session_scope, utcnow
from services.label import projects
from services.label.lyrics_pdf import write_lyrics_pdf
from services.label.models import Asset, LabelProject
from services.label.projects import LabelError
from services.storage import DERIVED_PREFIX
from services.label.id3 import tag_mp3
from services.label.release import (
    ReleaseInfo,
    beat_licence,
    format_isrc,
    generate_copy,
    get_release,
    lyrics_text,
    readiness,
    saved_copy,
    used_master,
)

Progress = Callable[[float, str], None]

LAYOUT: tuple[str, ...] = (
    "audio/mixed_mastered.wav",
    "audio/mixed_mastered.mp3",
    "cover/cover_3000.jpg",
    "cover/cover_1500.jpg",
    "cover/cover_vertical.jpg",
    "lyrics/lyrics.pdf",
    "metadata/metadata.json",
    "copy/release_description.txt",
    "copy/press_pitch.txt",
    "copy/tagline.txt",
)
_STORED = (".wav", ".mp3", ".jpg")  # already compressed (or not worth the time): stored, not deflated


@dataclass(frozen=True)
class PackResult:
    asset: projects.AssetInfo
    files: list[str]
    seconds: float
    size_bytes: int


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return cleaned[:60] or "release"


def metadata(user_id: int, project_id: int, info: ReleaseInfo | None = None) -> dict[str, Any]:
    """metadata.json: the release facts and credits, the audio's measured duration, the
    BPM and key measured from the beat inside the master, its loudness, and the beat's
    generator and licence."""
    info = info or get_release(user_id, project_id)
    master = used_master(user_id, project_id)
    loud = dict(master.meta.get("loudness") or {}) if master else {}
    mp3_loud = dict(master.meta.get("mp3_loudness") or {}) if master else {}
    beat = beat_licence(user_id, project_id) or {}
    project = projects.get_project(user_id, project_id)
    bpm = beat.get("bpm") or project.data.get("bpm")
    key = beat.get("key") or project.data.get("key")
    return {
        "title": info.title,
        "artist": info.artist,
        "genre": info.genre,
        "mood": info.mood,
        "explicit": info.explicit,
        "release_date": info.release_date or None,
        "isrc": format_isrc(info.isrc) if info.isrc else None,
        "upc": info.upc or None,
        "credits": {"writers": _names(info.writers), "producer": _names(info.producer),
                    "performer": _names(info.performer) or _names(info.artist)},
        "duration_seconds": round(master.duration_s, 2) if master else None,
        "bpm": round(float(bpm), 1) if bpm else None,
        "key": key or None,
        "loudness": {
            "target": master.meta.get("target") if master else None,
            "integrated_lufs": _round(loud.get("integrated")),
            "true_peak_dbtp": _round(loud.get("true_peak")),
            "loudness_range_lu": _round(loud.get("lra")),
            "mp3_integrated_lufs": _round(mp3_loud.get("integrated")),
            "mp3_true_peak_dbtp": _round(mp3_loud.get("true_peak")),
        },
        "beat": {"generator": beat.get("generator"), "licence": beat.get("licence"),
                 "commercial_use": beat.get("commercial"), "confirmed_by_artist": info.licence_confirmed or None},
        "release_type": "commercial" if info.commercial else "non-commercial",
        "generated_at": utcnow().isoformat(timespec="seconds"),
    }


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace(";", ",").split(",") if n.strip()]


def _round(value: Any) -> float | None:
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return None


def release_mp3(source: Path, cover: Path, out: Path, info: ReleaseInfo, lyrics: str = "", *, bpm: float | None = None,
                key: str = "") -> Path:
    """The release MP3: the master's 320 kbps MP3 as it is (already peak-checked), or the
    WAV encoded at 320 kbps when there is none; then tagged with mutagen (cover, lyrics,
    BPM, key, credits)."""
    if source.suffix.lower() == ".mp3":
        shutil.copyfile(source, out)
    else:
        proc = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(source), "-map", "0:a:0",
                               "-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", "320k", "-ar", "44100", str(out)],
                              capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0:
            raise LabelError(f"Encoding the MP3 failed: {' | '.join(proc.stderr.strip().splitlines()[-2:])}")
    tag_mp3(out, info, lyrics=lyrics, cover=cover, bpm=bpm, key=key)
    return out


def _asset_file(user_id: int, project_id: int, kind: str, render_id: str = "") -> Path:
    found = [a for a in projects.list_assets(user_id, project_id, kind)
             if not render_id or a.meta.get("render_id") == render_id]
    path = projects.asset_path(user_id, found[0].id) if found else None
    if path is None:
        raise LabelError(f"The {kind.replace('_', ' ')} file is missing; make it again.")
    return path


def _stage_files(user_id: int, project_id: int, work: Path, info: ReleaseInfo, say: Progress) -> dict[str, Path]:
    """Every file of the pack, under its pack path, in `work`."""
    files: dict[str, Path] = {}
    for folder in ("audio", "cover", "lyrics", "metadata", "copy"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    say(0.05, "Collecting the cover")
    for kind, name in (("cover_3000", "cover_3000.jpg"), ("cover_1500", "cover_1500.jpg"),
                       ("cover_vertical", "cover_vertical.jpg")):
        files[f"cover/{name}"] = _asset_file(user_id, project_id, kind)
    say(0.1, "Writing the release copy")
    copy = saved_copy(user_id, project_id)
    if not copy:
        generate_copy(user_id, project_id)
        copy = saved_copy(user_id, project_id)
    for key, name in (("description", "release_description.txt"), ("press_pitch", "press_pitch.txt"), ("tagline", "tagline.txt")):
        path = work / "copy" / name
        path.write_text(str(copy.get(key, "")).strip() + "\n", encoding="utf-8")
        files[f"copy/{name}"] = path
    say(0.2, "Setting the lyrics")
    lyrics = lyrics_text(projects.get_project(user_id, project_id).data)
    files["lyrics/lyrics.pdf"] = write_lyrics_pdf(work / "lyrics" / "lyrics.pdf", info.title, info.artist, lyrics)
    say(0.25, "Writing metadata")
    meta_path = work / "metadata" / "metadata.json"
    meta_path.write_text(json.dumps(metadata(user_id, project_id, info), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    files["metadata/metadata.json"] = meta_path
    say(0.3, "Tagging the MP3 and embedding the cover")
    master = used_master(user_id, project_id)
    if master is None:
        raise LabelError("The master is missing; mix and master the song again.")
    wav = projects.asset_path(user_id, master.id)
    if wav is None:
        raise LabelError("The master file is missing; mix and master the song again.")
    render = str(master.meta.get("render_id") or "")
    try:
        mp3_source = _asset_file(user_id, project_id, "master_mp3", render)
    except LabelError:
        mp3_source = wav
    beat = beat_licence(user_id, project_id) or {}
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    files["audio/mixed_mastered.mp3"] = release_mp3(mp3_source, files["cover/cover_1500.jpg"],
                                                    work / "audio" / "mixed_mastered.mp3", info, lyrics,
                                                    bpm=meta.get("bpm") or beat.get("bpm"), key=meta.get("key") or "")
    files["audio/mixed_mastered.wav"] = wav
    return files


def write_zip(files: dict[str, Path], out: Path, say: Progress, start: float = 0.4, end: float = 0.95) -> int:
    """The ZIP in LAYOUT order; progress follows the bytes written. Returns its size."""
    total = sum(p.stat().st_size for p in files.values()) or 1
    done = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for arc in LAYOUT:
            path = files[arc]
            method = zipfile.ZIP_STORED if path.suffix.lower() in _STORED else zipfile.ZIP_DEFLATED
            say(start + (end - start) * done / total, f"Packing {arc}")
            zf.write(path, arc, compress_type=method)
            done += path.stat().st_size
    return out.stat().st_size


def current_packs(user_id: int, project_id: int) -> list[projects.AssetInfo]:
    """The project's packs that still have their file (newest first)."""
    return [a for a in projects.list_assets(user_id, project_id, "release_pack") if not a.meta.get("replaced")]


def _replace_older(user_id: int, project_id: int, newest_id: int) -> None:
    for old in current_packs(user_id, project_id):
        if old.id != newest_id:
            path = projects.asset_path(user_id, old.id)
            if path is not None:
                path.unlink(missing_ok=True)
            projects.update_asset_meta(user_id, old.id, replaced=True)


def build_release_pack(user_id: int, project_id: int, *, on_progress: Progress | None = None) -> PackResult:
    """Build, store and count one release pack; `LabelError` names anything missing,
    `billing.UpgradeRequired` when the plan's daily pack is used up."""
    say = on_progress or (lambda _f, _m: None)
    started = time.perf_counter()
    ready = readiness(user_id, project_id)
    if not ready.ready:
        raise LabelError(ready.message())
    try:  # fail fast, before the work: plan limit, daily quota (the ZIP is not counted in storage)
        with session_scope() as db:
            billing.enforce(db, user_id, "release_packs")
            quotas.check(db, user_id, "release_packs")
    except quotas.QuotaExceeded as exc:
        raise LabelError(exc.message) from exc
    info = get_release(user_id, project_id)
    folder = projects.project_dir(user_id, project_id)
    name = DERIVED_PREFIX + projects.new_file_name("release_pack", "zip")
    with tempfile.TemporaryDirectory(prefix=DERIVED_PREFIX, dir=folder.parent) as tmp:  # not counted either
        work = Path(tmp)
        files = _stage_files(user_id, project_id, work / "pack", info, say)
        size = write_zip(files, work / "pack.zip", say)
        say(0.97, "Saving the pack")
        with session_scope() as db:
            billing.claim(db, user_id, "release_packs")  # locks, counts and records today's use
            project = db.get(LabelProject, project_id)
            if project is None or project.user_id != user_id:
                raise LabelError("That project does not exist.")
            shutil.move(str(work / "pack.zip"), folder / name)
            try:
                try:
                    quotas.charge(db, user_id, "release_packs")
                except quotas.QuotaExceeded as exc:
                    raise LabelError(exc.message) from exc
                asset = Asset(project_id=project_id, user_id=user_id, kind="release_pack", file_name=name,
                              label=f"{info.artist} - {info.title} release pack", mime="application/zip",
                              size_bytes=size, duration_s=0.0,
                              meta={"files": list(LAYOUT), "download_name": f"{_slug(info.artist)}-{_slug(info.title)}-release-pack.zip",
                                    "seconds": round(time.perf_counter() - started, 3), "release": info.as_dict()})
                project.updated_at = utcnow()
                db.add(asset)
                db.add(project)
                db.flush()
                result = projects.AssetInfo.of(asset)
            except BaseException:
                (folder / name).unlink(missing_ok=True)
                raise
    _replace_older(user_id, project_id, result.id)
    projects.mark_stage_done(user_id, project_id, "release")
    webhooks.emit(user_id, "release_pack.ready", {"project_id": project_id, "asset_id": result.id, "size_bytes": size,
                                                  "download": f"/api/v1/label/projects/{project_id}/release-pack"})
    say(1.0, "Release pack ready")
    return PackResult(result, list(LAYOUT), round(time.perf_counter() - started, 3), size)
