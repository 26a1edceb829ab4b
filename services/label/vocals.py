"""Vocal uploads: checked by probing the audio (never by the file name), then kept
as a stem of the project.

The upload is written to a temporary file beside the media folders, probed and
fully decoded there, and only moved into the project when it passed, so a bad
file never touches the project.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from services import quotas
from services.config import get_settings
from services.db import session_scope
from services.label import projects
from services.label.analysis import waveform_peaks
from services.label.audio_io import AudioError, ProbeResult, decode_errors, extension_for, mime_for, probe, read_audio
from services.storage import StorageFull, check_storage, place_within_quota

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# ffprobe format names we accept, and the codecs allowed inside MP4/M4A.
_FORMATS = {"wav", "mp3", "aiff", "flac"}
_MP4_FORMATS = {"mov", "mp4", "m4a"}
_MP4_CODECS = {"aac", "alac", "mp3"}
ACCEPTED = "WAV, MP3, AIFF, FLAC or M4A"


@dataclass(frozen=True)
class CheckedAudio:
    """An upload that passed: what it is and where it waits."""

    temp_path: Path
    probe: ProbeResult
    size_bytes: int


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size: int) -> None:
    if size <= 0:
        raise AudioError("The file is empty (0 bytes). Choose the recording again.")
    if size > MAX_UPLOAD_BYTES:
        raise AudioError(f"The file is {_size_text(size)}; the limit is 50 MB. Export a shorter or compressed take (MP3 or M4A).")


def check_probe(info: ProbeResult) -> None:
    """Accept only the formats we promise, judged by what ffprobe found."""
    names = set(info.format_name.split(","))
    if info.has_video:
        raise AudioError(f"This is a video, not an audio file. Upload {ACCEPTED}.")
    ok = bool(names & _FORMATS) or (bool(names & _MP4_FORMATS) and info.codec in _MP4_CODECS)
    if not ok:
        raise AudioError(f"This file is {info.format_name or 'unknown'} audio; upload {ACCEPTED}.")
    if info.duration_s <= 0.05:
        raise AudioError("The recording has no length. Check that it was saved completely.")


def _incoming_dir() -> Path:
    path = get_settings().media_dir / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_upload(source: BinaryIO | bytes | Path) -> CheckedAudio:
    """Copy the upload to a temporary file (stopping at 50 MB), then probe and decode it.
    Raises `AudioError` with a clear message; the temporary file is removed on failure."""
    fd, name = tempfile.mkstemp(prefix="upload-", dir=_incoming_dir())
    temp = Path(name)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            if isinstance(source, (bytes, bytearray)):
                size = len(source)
                check_size(size)
                out.write(source)
            else:
                handle = open(source, "rb") if isinstance(source, Path) else source
                try:
                    while chunk := handle.read(1024 * 1024):
                        size += len(chunk)
                        if size > MAX_UPLOAD_BYTES:
                            check_size(size + _remaining(handle))
                        out.write(chunk)
                finally:
                    if isinstance(source, Path):
                        handle.close()
        check_size(size)
        try:
            info = probe(temp)
        except AudioError as exc:
            raise AudioError(f"This is not an audio file we can read (whatever its name says). Upload {ACCEPTED}.") from exc
        check_probe(info)
        errors = decode_errors(temp)
        if len(errors) >= 2:  # one glitch (a cut-off last frame) still plays; more means damage
            raise AudioError("The audio file is damaged: it could not be decoded all the way through. Export it again.")
        return CheckedAudio(temp_path=temp, probe=info, size_bytes=size)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _remaining(handle: BinaryIO) -> int:
    try:
        here = handle.tell()
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        handle.seek(here)
        return max(0, end - here)
    except (OSError, ValueError):
        return 0


def incoming_size(source: BinaryIO | bytes | Path) -> int:
    """The size of an upload before reading it (0 when a stream cannot tell)."""
    if isinstance(source, (bytes, bytearray)):
        return len(source)
    if isinstance(source, Path):
        return source.stat().st_size
    return _remaining(source)


def add_vocal_take(user_id: int, project_id: int, source: BinaryIO | bytes | Path, original_name: str = "") -> projects.AssetInfo:
    """Validate an upload and keep it as a vocal stem of the project; ticks 'upload'."""
    projects.get_project(user_id, project_id)  # ownership first: nothing is written for a stranger
    size = incoming_size(source)
    try:  # storage and the daily upload quota are checked before a byte is written
        check_storage(user_id, size)
        with session_scope() as db:
            quotas.check(db, user_id, "upload_bytes", size)
    except (StorageFull, quotas.QuotaExceeded) as exc:
        raise AudioError(exc.message) from exc
    checked = check_upload(source)
    try:
        quotas.charge_now(user_id, "upload_bytes", checked.size_bytes)
    except quotas.QuotaExceeded as exc:
        checked.temp_path.unlink(missing_ok=True)
        raise AudioError(exc.message) from exc
    folder = projects.project_dir(user_id, project_id)
    file_name = projects.new_file_name("vocal", extension_for(checked.probe.format_name))
    target = folder / file_name
    try:
        try:  # the final, locked storage check; a refusal gives the day's upload quota back
            place_within_quota(user_id, [(checked.temp_path, target)])
        except StorageFull as exc:
            with session_scope() as db:
                quotas.refund(db, user_id, "upload_bytes", checked.size_bytes)
            raise AudioError(exc.message) from exc
        samples = read_audio(target, 22050, 1)
        meta = {
            "original_name": os.path.basename(original_name or "")[:200],
            "format": checked.probe.format_name, "codec": checked.probe.codec,
            "sample_rate": checked.probe.sample_rate, "channels": checked.probe.channels,
            "peaks": waveform_peaks(samples[:, 0]),
        }
        asset = projects.add_asset(
            user_id, project_id, "vocal", file_name, label=meta["original_name"] or "Vocal take",
            mime=mime_for(checked.probe.format_name, checked.probe.codec), duration_s=checked.probe.duration_s, meta=meta,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        checked.temp_path.unlink(missing_ok=True)
        raise
    projects.mark_stage_done(user_id, project_id, "upload")
    return asset
