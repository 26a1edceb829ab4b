"""Reading and writing audio as numpy arrays, and probing files, through ffmpeg.

Everything the label does to sound goes through here so that one decoder (ffmpeg)
decides what a file contains, whatever its name says.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

from services.media.probe import MediaError, MediaProbe, probe

SAMPLE_RATE = 44100


# One error type for "not usable audio" across the label and every other upload.
AudioError = MediaError
ProbeResult = MediaProbe
__all__ = ["SAMPLE_RATE", "AudioError", "ProbeResult", "probe", "read_audio", "write_wav", "mime_for", "extension_for"]


# Decoding into memory is bounded: never more than this much audio (the longest take
# plus a beat that covers it), so a crafted file cannot fill the memory.
MAX_DECODE_SECONDS = 16 * 60


def read_audio(path: Path, sample_rate: int = SAMPLE_RATE, channels: int = 2,
               max_seconds: float = MAX_DECODE_SECONDS) -> np.ndarray:
    """Decode any file ffmpeg understands to float32 samples, shape (frames, channels),
    at most `max_seconds` of it."""
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-vn", "-t", f"{max_seconds:.3f}", "-f", "f32le",
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


def to_flac(src: Path, dst: Path) -> Path:
    """A lossless copy in FLAC (about half a WAV's size): how kept beats and mixes are
    stored, so versions take less of the account's storage. Browsers play it."""
    proc = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), "-c:a", "flac",
                           "-compression_level", "5", str(dst)], capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        dst.unlink(missing_ok=True)
        raise AudioError("Saving the audio failed; try again.")
    return dst
