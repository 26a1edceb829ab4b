"""What an uploaded media file really is, checked before anything decodes it.

Every upload of sound (vocal takes, a video's soundtrack, a cover's companion audio)
goes through here, in this order:

1. `probe(path)`: ffprobe reads the container headers only (bounded in time), so a
   tiny file that claims hours of audio is known for what it is in milliseconds.
2. `check_caps(info, caps)`: duration, sample rate and channels against the caps of
   that kind of upload (`VOCAL_CAPS` for a vocal take); the message says which cap.
3. `verify_decode(path, info, caps)`: a full decode to nowhere in a child process
   limited in time and address space; it catches damage inside the file and files
   cut short (a truncated MP3 keeps its header's full duration, so the decoded length
   is compared with the promised one).

Nothing here imports the label: any area that takes uploads uses the same checks.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
# ffprobe only reads headers; a few seconds is plenty even on a loaded machine.
PROBE_TIMEOUT_S = 10.0
# Address space of one decoding child: ffmpeg decoding to the null muxer needs well
# under 200 MB; 768 MB leaves room for odd codecs and stops a bomb long before harm.
DECODE_MEMORY_BYTES = 768 * MB


class MediaError(ValueError):
    """A file refused; the message says what is wrong and is meant for the person."""


@dataclass(frozen=True)
class AudioCaps:
    """Limits for one kind of upload. `min_seconds` refuses clips too short to use."""

    kind: str
    max_bytes: int
    max_seconds: float
    max_sample_rate: int = 192_000
    max_channels: int = 8
    min_seconds: float = 0.0

    def describe(self) -> str:
        """The caps as the upload page states them."""
        parts = [f"up to {self.max_bytes // MB} MB", f"{_clock(self.max_seconds)} long"]
        if self.min_seconds:
            parts.append(f"at least {self.min_seconds:g} s")
        parts.append(f"{self.max_sample_rate // 1000} kHz and {self.max_channels} channels at most")
        return ", ".join(parts)


VOCAL_CAPS = AudioCaps("vocal take", max_bytes=50 * MB, max_seconds=15 * 60, min_seconds=5.0)


@dataclass(frozen=True)
class MediaProbe:
    """What ffprobe found in the headers."""

    format_name: str
    codec: str
    duration_s: float
    sample_rate: int
    channels: int
    has_video: bool
    bit_rate: int
    size_bytes: int


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}" if s >= 60 else f"{s} s"


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{max(1, size // 1024)} KB"


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def check_size(size: int, caps: AudioCaps) -> None:
    """Zero bytes and files over the cap are refused before anything reads them."""
    if size <= 0:
        raise MediaError("The file is empty (0 bytes). Choose the recording again.")
    if size > caps.max_bytes:
        raise MediaError(f"The file is {_size(size)}; a {caps.kind} may be {caps.max_bytes // MB} MB at most. "
                         "Export a shorter or compressed version (MP3 or M4A).")


def ffprobe_json(path: Path, timeout: float = PROBE_TIMEOUT_S) -> dict:
    """ffprobe's view of the container and its streams (headers only, bounded in time);
    `{}` when ffprobe cannot read the file. Every upload's probe starts here."""
    try:
        proc = subprocess.run(
            ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise MediaError("The file could not be read in time; it may be damaged. Export it again.") from exc
    try:
        info = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        return {}
    return info if proc.returncode == 0 else {}


def probe(path: Path, timeout: float = PROBE_TIMEOUT_S) -> MediaProbe:
    """Headers only; `MediaError` when ffprobe finds no audio stream (whatever the name says)."""
    info = ffprobe_json(path, timeout)
    streams = info.get("streams") or []
    fmt = info.get("format") or {}
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if not fmt or not audio:
        raise MediaError("This is not an audio file we can read (whatever its name says).")
    first = audio[0]
    return MediaProbe(
        format_name=str(fmt.get("format_name", "")),
        codec=str(first.get("codec_name", "")),
        duration_s=_float(fmt.get("duration")) or _float(first.get("duration")),
        sample_rate=int(_float(first.get("sample_rate"))),
        channels=int(first.get("channels") or 0),
        has_video=any(s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
                      for s in streams),
        bit_rate=int(_float(fmt.get("bit_rate"))),
        size_bytes=int(_float(fmt.get("size"))) or (path.stat().st_size if path.exists() else 0),
    )


def check_caps(info: MediaProbe, caps: AudioCaps) -> None:
    """Duration, sample rate and channels from the headers against the caps."""
    if info.duration_s <= 0.05:
        raise MediaError("The recording has no length. Check that it was saved completely.")
    if info.duration_s > caps.max_seconds:
        raise MediaError(f"The recording is {_clock(info.duration_s)} long; a {caps.kind} may be "
                         f"{_clock(caps.max_seconds)} at most. Trim it or split it into parts.")
    if caps.min_seconds and info.duration_s < caps.min_seconds:
        raise MediaError(f"The recording is only {info.duration_s:.1f} s long; a {caps.kind} needs at least "
                         f"{caps.min_seconds:g} s.")
    if info.sample_rate <= 0 or info.sample_rate > caps.max_sample_rate:
        raise MediaError(f"The sample rate is {info.sample_rate / 1000:g} kHz; up to "
                         f"{caps.max_sample_rate // 1000} kHz is accepted. Export at 44.1 or 48 kHz.")
    if info.channels <= 0 or info.channels > caps.max_channels:
        raise MediaError(f"The file has {info.channels} channels; up to {caps.max_channels} are accepted. "
                         "Export it as mono or stereo.")


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (DECODE_MEMORY_BYTES, DECODE_MEMORY_BYTES))


def decode_timeout(duration_s: float) -> float:
    """Decoding runs at well over 50x realtime; a budget of 20x plus slack stops a decoder
    that hangs on a crafted file without refusing a real one on a busy machine."""
    return 15.0 + duration_s / 20.0


_TIME = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")


def _decoded_seconds(stderr: str) -> float:
    found = _TIME.findall(stderr)
    if not found:
        return 0.0
    h, m, s = found[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def verify_decode(path: Path, info: MediaProbe, caps: AudioCaps) -> None:
    """Decode the whole first audio stream to nothing, bounded in time and memory (and
    never past the duration cap); refuse damage and files shorter than their header."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-stats", "-i", str(path), "-map", "0:a:0",
            "-t", f"{caps.max_seconds + 1:.0f}", "-f", "null", "-"]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=decode_timeout(info.duration_s),
                              check=False, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("Decoding the file took too long; it may be damaged. Export it again.") from exc
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.lstrip().startswith("size=")
              and "time=" not in ln]
    if proc.returncode != 0:
        raise MediaError("The audio file is damaged: it could not be decoded. Export it again.")
    if len(errors) >= 2:  # one glitch (a cut-off last frame) still plays; more means damage
        raise MediaError("The audio file is damaged: it could not be decoded all the way through. Export it again.")
    decoded = _decoded_seconds(proc.stderr)
    if decoded and info.duration_s > 1.0 and decoded < 0.97 * info.duration_s - 0.5:
        raise MediaError(f"The file is cut short: its header promises {_clock(info.duration_s)} but only "
                         f"{_clock(decoded)} of audio is there. Export or copy it again.")


def check_audio_file(path: Path, caps: AudioCaps, *, accepted: Sequence[str] = ()) -> MediaProbe:
    """The three checks in order (size, headers and caps, bounded decode); returns the
    probe of a file that passed. `accepted` lists ffprobe format names when only some
    containers are allowed (the message then names them)."""
    check_size(path.stat().st_size, caps)
    info = probe(path)
    if info.has_video:
        raise MediaError("This is a video, not an audio file.")
    if accepted and not set(info.format_name.split(",")) & set(accepted):
        raise MediaError(f"This file is {info.format_name or 'an unknown format'}; accepted are "
                         f"{', '.join(sorted(accepted))}.")
    check_caps(info, caps)
    verify_decode(path, info, caps)
    return info
