"""Vocal uploads: checked by what the file is (never by its name) against the vocal
caps of `services.media.probe`, then kept as a take of the project.

The upload is written to a temporary file beside the media folders (stopping at the
size cap), its headers are probed and its duration, sample rate and channels checked
before anything decodes it, then it is decoded once in a bounded child process; only
a file that passed is moved into the project, so a bad file never touches it.
A silent take is refused; a clipped one is kept with a warning.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from services import quotas
from services.config import get_settings
from services.db import session_scope
from services.label import projects, versions
from services.label.analysis import waveform_peaks
from services.label.audio_io import AudioError, extension_for, mime_for, read_audio
from services.media.probe import VOCAL_CAPS, MediaProbe, check_caps, check_size, probe, verify_decode
from services.storage import StorageFull, check_storage, place_within_quota

MAX_UPLOAD_BYTES = VOCAL_CAPS.max_bytes
# ffprobe format names we accept, and the codecs allowed inside MP4/M4A.
_FORMATS = {"wav", "mp3", "aiff", "flac", "ogg"}
_MP4_FORMATS = {"mov", "mp4", "m4a"}
_MP4_CODECS = {"aac", "alac", "mp3"}
ACCEPTED = "WAV, MP3, AIFF, FLAC, OGG or M4A"
SILENCE_DBFS = -55.0  # a take whose loudest second stays below this holds no voice
CLIP_LEVEL = 0.999
CLIP_WARN_FRACTION = 0.001


@dataclass(frozen=True)
class CheckedAudio:
    """An upload that passed: what it is and where it waits."""

    temp_path: Path
    probe: MediaProbe
    size_bytes: int


def check_format(info: MediaProbe) -> None:
    """Accept only the containers we promise, judged by what ffprobe found."""
    names = set(info.format_name.split(","))
    if info.has_video:
        raise AudioError(f"This is a video, not an audio file. Upload {ACCEPTED}.")
    ok = bool(names & _FORMATS) or (bool(names & _MP4_FORMATS) and info.codec in _MP4_CODECS)
    if not ok:
        raise AudioError(f"This file is {info.format_name or 'unknown'} audio; upload {ACCEPTED}.")


def _incoming_dir() -> Path:
    path = get_settings().media_dir / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _copy_capped(source: BinaryIO | bytes | Path, out: BinaryIO) -> int:
    """Copy the upload, refusing as soon as it passes the cap (never reading the rest)."""
    if isinstance(source, (bytes, bytearray)):
        check_size(len(source), VOCAL_CAPS)
        out.write(source)
        return len(source)
    handle = open(source, "rb") if isinstance(source, Path) else source
    size = 0
    try:
        while chunk := handle.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                check_size(size + _remaining(handle), VOCAL_CAPS)
            out.write(chunk)
    finally:
        if isinstance(source, Path):
            handle.close()
    return size


def check_upload(source: BinaryIO | bytes | Path) -> CheckedAudio:
    """Copy the upload to a temporary file (stopping at the cap), probe its headers,
    check the caps, then decode it once, bounded. Raises `AudioError` with a clear
    message; the temporary file is removed on failure."""
    fd, name = tempfile.mkstemp(prefix="upload-", dir=_incoming_dir())
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            size = _copy_capped(source, out)
        check_size(size, VOCAL_CAPS)
        info = probe(temp)
        check_format(info)
        check_caps(info, VOCAL_CAPS)
        verify_decode(temp, info, VOCAL_CAPS)
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


@dataclass(frozen=True)
class TakeLevels:
    """How loud a take is: its loudest second, and how much of it sits at full scale."""

    loudest_dbfs: float
    clipped_fraction: float

    @property
    def silent(self) -> bool:
        return self.loudest_dbfs < SILENCE_DBFS

    @property
    def warning(self) -> str:
        if self.clipped_fraction < CLIP_WARN_FRACTION:
            return ""
        return (f"{100 * self.clipped_fraction:.1f}% of this take is clipped (at full scale): the mix keeps it, but "
                "record again with the input gain lower for a clean sound.")


def take_levels(mono: np.ndarray, sample_rate: int) -> TakeLevels:
    """Loudest one-second RMS in dBFS and the fraction of samples at full scale."""
    if len(mono) == 0:
        return TakeLevels(-120.0, 0.0)
    n = max(1, len(mono) // sample_rate)
    seconds = mono[: n * sample_rate].reshape(n, -1) if len(mono) >= sample_rate else mono[None, :]
    rms = float(np.sqrt((seconds.astype(np.float64) ** 2).mean(axis=1)).max())
    loudest = 20 * np.log10(rms) if rms > 0 else -120.0
    clipped = float(np.mean(np.abs(mono) >= CLIP_LEVEL))
    return TakeLevels(round(float(loudest), 1), clipped)


def add_vocal_take(user_id: int, project_id: int, source: BinaryIO | bytes | Path, original_name: str = "") -> projects.AssetInfo:
    """Validate an upload and keep it as a take of the project; ticks 'upload'.
    The first take is chosen for the mix; later ones wait until the artist picks them."""
    projects.get_project(user_id, project_id)  # ownership first: nothing is written for a stranger
    size = incoming_size(source)
    if size:
        check_size(size, VOCAL_CAPS)
    try:  # storage and the daily upload quota are checked before a byte is written
        check_storage(user_id, size)
        with session_scope() as db:
            quotas.check(db, user_id, "upload_bytes", size)
    except StorageFull as exc:
        raise AudioError(versions.full_message(user_id, exc)) from exc
    except quotas.QuotaExceeded as exc:
        raise AudioError(exc.message) from exc
    checked = check_upload(source)
    try:
        check_storage(user_id, checked.size_bytes)
        quotas.charge_now(user_id, "upload_bytes", checked.size_bytes)
    except (StorageFull, quotas.QuotaExceeded) as exc:
        checked.temp_path.unlink(missing_ok=True)
        message = versions.full_message(user_id, exc) if isinstance(exc, StorageFull) else exc.message
        raise AudioError(message) from exc
    folder = projects.project_dir(user_id, project_id)
    file_name = projects.new_file_name("vocal", extension_for(checked.probe.format_name))
    target = folder / file_name
    try:
        try:  # the final, locked storage check; a refusal gives the day's upload quota back
            place_within_quota(user_id, [(checked.temp_path, target)])
        except StorageFull as exc:
            with session_scope() as db:
                quotas.refund(db, user_id, "upload_bytes", checked.size_bytes)
            raise AudioError(versions.full_message(user_id, exc)) from exc
        mono = read_audio(target, 22050, 1, max_seconds=VOCAL_CAPS.max_seconds)[:, 0]
        levels = take_levels(mono, 22050)
        if levels.silent:
            raise AudioError(f"This take is silent (its loudest second is {levels.loudest_dbfs:.0f} dBFS). "
                             "Check the microphone input and record again.")
        already = projects.list_assets(user_id, project_id, "vocal")
        meta = {
            "original_name": os.path.basename(original_name or "")[:200],
            "format": checked.probe.format_name, "codec": checked.probe.codec,
            "sample_rate": checked.probe.sample_rate, "channels": checked.probe.channels,
            "peaks": waveform_peaks(mono), "loudest_dbfs": levels.loudest_dbfs,
            "clipped_fraction": round(levels.clipped_fraction, 4), "warning": levels.warning,
            "chosen": not any(t.meta.get("chosen") for t in already), "offset_s": 0.0, "section": "",
        }
        asset = projects.add_asset(
            user_id, project_id, "vocal", file_name, label=meta["original_name"] or f"Take {len(already) + 1}",
            mime=mime_for(checked.probe.format_name, checked.probe.codec), duration_s=checked.probe.duration_s, meta=meta,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        checked.temp_path.unlink(missing_ok=True)
        raise
    projects.mark_stage_done(user_id, project_id, "upload")
    return asset
