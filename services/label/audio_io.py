"""Reading and writing audio as numpy arrays, and probing files, through ffmpeg.

Everything the label does to sound goes through here so that one decoder (ffmpeg)
decides what a file contains, whatever its name says.
"""

from __future__ import annotations

import json
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 44100


class AudioError(ValueError):
    """A file that is not usable audio; the message is meant for the person."""


@dataclass(frozen=True)
class ProbeResult:
    """What ffprobe found in a file."""

    format_name: str
    codec: str
    duration_s: float
    sample_rate: int
    channels: int
    has_video: bool
    bit_rate: int


def probe(path: Path) -> ProbeResult:
    """Ask ffprobe what the file really is; raises `AudioError` when it holds no audio."""
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    try:
        info = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        info = {}
    streams = info.get("streams") or []
    fmt = info.get("format") or {}
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if proc.returncode != 0 or not fmt or not audio:
        raise AudioError("This file is not audio we can read.")
    first = audio[0]
    duration = _float(fmt.get("duration")) or _float(first.get("duration"))
    has_video = any(
        s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
        for s in streams
    )
    return ProbeResult(
        format_name=str(fmt.get("format_name", "")),
        codec=str(first.get("codec_name", "")),
        duration_s=duration,
        sample_rate=int(_float(first.get("sample_rate"))),
        channels=int(first.get("channels") or 0),
        has_video=has_video,
        bit_rate=int(_float(fmt.get("bit_rate"))),
    )


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def decode_errors(path: Path, limit: int = 20) -> list[str]:
    """Decode the whole file and return ffmpeg's error lines (empty when it is clean)."""
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    if proc.returncode != 0 and not lines:
        lines = [f"ffmpeg exited with {proc.returncode}"]
    return lines[:limit]


def read_audio(path: Path, sample_rate: int = SAMPLE_RATE, channels: int = 2) -> np.ndarray:
    """Decode any file ffmpeg understands to float32 samples, shape (frames, channels)."""
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-vn", "-f", "f32le",
         "-acodec", "pcm_f32le", "-ac", str(channels), "-ar", str(sample_rate), "-"],
        capture_output=True, timeout=600, check=False,
    )
    if proc.returncode != 0:
        raise AudioError("This file is not audio we can read.")
    data = np.frombuffer(proc.stdout, dtype=np.float32)
    return data.reshape(-1, channels)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write float samples (frames, channels) in [-1, 1] as 16-bit PCM WAV."""
    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 1:
        data = data[:, None]
    pcm = (np.clip(data, -1.0, 1.0) * 32767.0).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(data.shape[1])
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return path


def mime_for(format_name: str, codec: str = "") -> str:
    """A browser-friendly MIME type for a probed format."""
    names = set(format_name.split(","))
    if "wav" in names:
        return "audio/wav"
    if "mp3" in names or codec == "mp3":
        return "audio/mpeg"
    if "aiff" in names:
        return "audio/aiff"
    if "flac" in names:
        return "audio/flac"
    if names & {"mp4", "m4a", "mov"}:
        return "audio/mp4"
    if "ogg" in names:
        return "audio/ogg"
    return "application/octet-stream"


def extension_for(format_name: str) -> str:
    """The file extension the server gives a probed format."""
    names = set(format_name.split(","))
    for fmt, ext in (("wav", "wav"), ("mp3", "mp3"), ("aiff", "aiff"), ("flac", "flac"), ("ogg", "ogg")):
        if fmt in names:
            return ext
    if names & {"mp4", "m4a", "mov"}:
        return "m4a"
    return "bin"
