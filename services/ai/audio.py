"""The length of an audio file, for what per-minute speech and transcription cost."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def audio_seconds(path: Path) -> float:
    """Duration measured by ffprobe; 0.0 when the file cannot be read (never raises)."""
    try:
        proc = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
                              capture_output=True, text=True, timeout=30, check=False)
        return max(0.0, float(json.loads(proc.stdout or "{}").get("format", {}).get("duration") or 0.0))
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0.0
